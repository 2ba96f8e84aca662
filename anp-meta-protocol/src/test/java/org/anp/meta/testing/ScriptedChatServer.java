package org.anp.meta.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.anp.identity.json.StrictJson;

/**
 * A chat-completions endpoint on loopback (JDK HttpServer) that answers from a script, in
 * order: a content, a raw body with a status, or a slow reply that only comes when the server
 * closes. Records every request it receives. Unscripted requests get HTTP 500.
 */
public final class ScriptedChatServer implements AutoCloseable {
  /** One request as received. */
  public record Received(Optional<String> authorization, JsonNode body) {
    /** The text of the last message (the question). */
    public String lastMessage() {
      JsonNode m = body.path("messages");
      return m.path(m.size() - 1).path("content").asText();
    }

    /** Every message's text, joined. */
    public String allText() {
      StringBuilder sb = new StringBuilder();
      body.path("messages").forEach(m -> sb.append(m.path("content").asText()).append('\n'));
      return sb.toString();
    }
  }

  private sealed interface Reply {}

  private record Content(String text) implements Reply {}

  private record Raw(int status, String body) implements Reply {}

  private enum Slow implements Reply { INSTANCE }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Deque<Reply> script = new ArrayDeque<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  public final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

  public ScriptedChatServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  /** Next answer: a reply whose message content is {@code text}. */
  public synchronized ScriptedChatServer answer(String text) {
    script.add(new Content(text));
    return this;
  }

  /** Next answer: {@code body} as is, with {@code status}. */
  public synchronized ScriptedChatServer raw(int status, String body) {
    script.add(new Raw(status, body));
    return this;
  }

  /** Next answer: none until the server closes. */
  public synchronized ScriptedChatServer slow() {
    script.add(Slow.INSTANCE);
    return this;
  }

  public synchronized int pending() {
    return script.size();
  }

  /** The next received request, waiting up to 30 s. */
  public Received next() throws InterruptedException {
    Received r = received.poll(30, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("no request within 30 s");
    }
    return r;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] in = exchange.getRequestBody().readAllBytes();
      received.add(new Received(
          Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")),
          StrictJson.parse(in, 1 << 22)));
      Reply reply;
      synchronized (this) {
        reply = script.poll();
      }
      if (reply == null) {
        send(exchange, 500, "{\"error\":{\"message\":\"no scripted answer\"}}");
      } else if (reply instanceof Content c) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("id", "chatcmpl-test").put("object", "chat.completion");
        body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop")
            .putObject("message").put("role", "assistant").put("content", c.text());
        send(exchange, 200, StrictJson.mapper().writeValueAsString(body));
      } else if (reply instanceof Raw r) {
        send(exchange, r.status(), r.body());
      } else {
        closing.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] out = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, out.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(out);
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
