package org.anp.transport.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A small JDK WebSocket test client that collects every text frame it receives and, unless made
 * with {@link #connectNotAcknowledging}, acknowledges routed frames as a messenger does (decision
 * 0006).
 */
final class WsClient implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  /**
   * The upper bound of every wait for an event: generous, so that a loaded machine slows a test
   * down without failing it; a test that passes waits only as long as its events take.
   */
  static final Duration WAIT = Duration.ofSeconds(60);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
  private final List<JsonNode> backlog = new ArrayList<>();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final WebSocket socket;
  private static final java.util.Set<String> ROUTED = java.util.Set.of("message", "sourceHello", "destinationHello", "finished");
  private final boolean reading;
  private final boolean acknowledging;
  private StringBuilder partial = new StringBuilder();
  private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);
  /** Every acknowledgement sent, as (sourceDid of the acknowledged frame, messageId). */
  final List<String> acknowledged = new java.util.concurrent.CopyOnWriteArrayList<>();

  private WsClient(URI uri, boolean reading, boolean acknowledging, Map<String, String> headers) {
    this.reading = reading;
    this.acknowledging = acknowledging;
    WebSocket.Builder builder = HTTP.newWebSocketBuilder();
    headers.forEach(builder::header);
    this.socket = builder.buildAsync(uri, new Listener()).join();
  }

  /** A client whose upgrade request carries {@code headers}. */
  static WsClient connect(URI uri, Map<String, String> headers) {
    return new WsClient(uri, true, true, headers);
  }

  static WsClient connect(URI uri) {
    return new WsClient(uri, true, true, Map.of());
  }

  /** A client that reads nothing after the first frame it receives (register's answer). */
  static WsClient connectNotReading(URI uri) {
    return new WsClient(uri, false, false, Map.of());
  }

  /** A client that reads everything but never acknowledges (an implementation without 0006). */
  static WsClient connectNotAcknowledging(URI uri) {
    return new WsClient(uri, true, false, Map.of());
  }

  private final class Listener implements WebSocket.Listener {
    private int count;

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode frame = JSON.readTree(partial.toString());
          if (acknowledging && ROUTED.contains(frame.path("type").asText())) {
            acknowledge(frame);
          }
          received.add(frame);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        partial = new StringBuilder();
        count++;
      }
      if (reading || count == 0) {
        webSocket.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(-1);
    }
  }

  void send(String text) {
    sendAsync(text).join();
  }

  /** Sends after every earlier send completed (the JDK socket allows one pending send). */
  private synchronized CompletableFuture<?> sendAsync(String text) {
    CompletableFuture<?> next = lastSend.handle((v, e) -> null).thenCompose(v -> socket.sendText(text, true));
    lastSend = next;
    return next;
  }

  /** The acknowledgement a messenger sends for a routed frame it received. */
  static ObjectNode ack(JsonNode frame) {
    ObjectNode ack = JSON.createObjectNode();
    ack.put("version", "1.0");
    ack.put("type", "response");
    ack.put("timestamp", Instant.now().toString());
    ack.put("messageId", Long.toHexString(RANDOM.nextLong() | Long.MIN_VALUE));
    ack.put("sourceDid", frame.path("destinationDid").asText());
    ack.put("destinationDid", frame.path("sourceDid").asText());
    ack.put("originalType", frame.path("type").asText());
    ack.put("originalMessageId", frame.path("messageId").asText());
    ack.put("code", 200);
    return ack;
  }

  private void acknowledge(JsonNode frame) {
    acknowledged.add(frame.path("sourceDid").asText() + " " + frame.path("messageId").asText());
    sendAsync(ack(frame).toString());
  }

  void send(RelayFrame frame) {
    send(new String(frame.toJsonBytes(), StandardCharsets.UTF_8));
  }

  void sendBinary(byte[] bytes) {
    socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
  }

  /** Registers {@code agent} and asserts the 200 answer. */
  void register(TestDirectory.Agent agent) {
    RegisterFrame frame = agent.register(Instant.now());
    send(frame);
    JsonNode answer = awaitResponse(frame.messageId());
    assertThat(answer.path("code").asInt()).as(answer.toString()).isEqualTo(200);
  }

  /**
   * Waits for the first frame matching {@code match}, earliest first; frames that do not match
   * are kept for later calls.
   */
  JsonNode await(Predicate<JsonNode> match) {
    for (int i = 0; i < backlog.size(); i++) {
      if (match.test(backlog.get(i))) {
        return backlog.remove(i);
      }
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        JsonNode next = received.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
        if (next == null) {
          throw new AssertionError("no matching frame within " + WAIT.toSeconds() + " s");
        }
        if (match.test(next)) {
          return next;
        }
        backlog.add(next);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Returns once the relay has handled every frame this client sent before: it handles a
   * connection's frames one at a time, in order, so its answer to a ping sent now comes after.
   */
  void sync() {
    String id = "sync-" + Long.toHexString(RANDOM.nextLong());
    send(HeartbeatFrame.ping(Instant.now(), id));
    await(n -> "heartbeat".equals(n.path("type").asText()) && id.equals(n.path("messageId").asText()));
  }

  /** The next {@code response} frame answering {@code messageId}. */
  JsonNode awaitResponse(String messageId) {
    return await(n -> "response".equals(n.path("type").asText())
        && messageId.equals(n.path("originalMessageId").asText()));
  }

  /** The code of the next response to {@code messageId}. */
  int awaitCode(String messageId) {
    return awaitResponse(messageId).path("code").asInt();
  }

  /** Asserts that nothing arrives for {@code quiet}. */
  void assertSilent(Duration quiet) throws InterruptedException {
    JsonNode next = received.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(backlog).as("unexpected frames").isEmpty();
    assertThat(next).as("unexpected frame").isNull();
  }

  int awaitClose() {
    return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
  }

  /** An E2E {@code message} frame with random ciphertext of {@code size} bytes. */
  static ObjectNode message(String id, String source, String destination, int size) {
    ObjectNode m = JSON.createObjectNode();
    m.put("version", "1.0");
    m.put("type", "message");
    m.put("timestamp", "2026-01-02T03:04:05.678Z");
    m.put("messageId", id);
    m.put("sourceDid", source);
    m.put("destinationDid", destination);
    m.put("secretKeyId", "0123456789abcdef");
    ObjectNode data = m.putObject("encryptedData");
    data.put("iv", Base64.getEncoder().encodeToString(bytes(12)));
    data.put("tag", Base64.getEncoder().encodeToString(bytes(16)));
    data.put("ciphertext", Base64.getEncoder().encodeToString(bytes(size)));
    return m;
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  @Override
  public void close() {
    socket.abort();
  }
}
