package org.anp.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.json.StrictJson;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpServerTest {
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<HttpServer> servers = new ArrayList<>();

  @AfterEach
  void stopServers() {
    servers.forEach(HttpServer::close);
  }

  private HttpServer start(Consumer<HttpServer.Builder> config) {
    HttpServer.Builder b =
        HttpServer.builder()
            .route("GET", "/hello", r -> done(HttpResponse.text(200, "hello")))
            .route("GET", "/items/{id}", r -> done(HttpResponse.text(200, "item " + r.pathVariable("id"))))
            .route("GET", "/files/**", r -> done(HttpResponse.text(200, "rest=" + r.pathVariable("**"))))
            .route("GET", "/files/special", r -> done(HttpResponse.text(200, "special")))
            .route("POST", "/echo", r -> done(HttpResponse.of(200, "application/octet-stream", r.body())))
            .route("POST", "/json", r -> done(HttpResponse.json(201, r.bodyJson())))
            .route("GET", "/thread", r -> done(HttpResponse.text(200, Thread.currentThread().getName())))
            .route("GET", "/boom", r -> {
              throw new IllegalStateException("secret internal detail");
            })
            .route("GET", "/fails", r -> CompletableFuture.failedFuture(
                new TransportException(TransportError.RESOURCE_CONFLICT, "thing: exists")))
            .route("GET", "/unauth", r -> CompletableFuture.failedFuture(
                new IdentityException(IdentityError.AUTH_SIGNATURE_INVALID, "signature: does not verify")))
            .route("GET", "/private", AuthPolicy.REQUIRED, r -> done(HttpResponse.text(200, "private")))
            .route("GET", "/maybe", AuthPolicy.OPTIONAL,
                r -> done(HttpResponse.text(200, "caller=" + r.caller().isPresent())));
    config.accept(b);
    HttpServer server = b.build();
    servers.add(server);
    server.start().join();
    return server;
  }

  private static CompletableFuture<HttpResponse> done(HttpResponse r) {
    return CompletableFuture.completedFuture(r);
  }

  private java.net.http.HttpResponse<String> get(HttpServer server, String path) throws Exception {
    return client.send(
        java.net.http.HttpRequest.newBuilder(server.uri().resolve(path)).GET().build(),
        BodyHandlers.ofString());
  }

  private static JsonNode json(String body) {
    return StrictJson.parse(body.getBytes(StandardCharsets.UTF_8), 1 << 20);
  }

  @Test
  void routesLiteralVariableAndPrefixPathsAndDecodesVariables() throws Exception {
    HttpServer server = start(b -> {});
    assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
    assertThat(get(server, "/hello").body()).isEqualTo("hello");
    assertThat(get(server, "/items/a%20b").body()).isEqualTo("item a b");
    assertThat(get(server, "/files/x/y%3Az.json").body()).isEqualTo("rest=x/y%3Az.json");
    assertThat(get(server, "/files/special").body()).isEqualTo("special");
    assertThat(get(server, "/files").statusCode()).isEqualTo(200);
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405WithAllow() throws Exception {
    HttpServer server = start(b -> {});
    var notFound = get(server, "/nothing/here");
    assertThat(notFound.statusCode()).isEqualTo(404);
    assertThat(json(notFound.body()).get("code").asText()).isEqualTo("RESOURCE_NOT_FOUND");
    var wrong =
        client.send(
            java.net.http.HttpRequest.newBuilder(server.uri().resolve("/hello"))
                .DELETE()
                .build(),
            BodyHandlers.ofString());
    assertThat(wrong.statusCode()).isEqualTo(405);
    assertThat(wrong.headers().firstValue("allow")).hasValue("GET, HEAD");
    assertThat(json(wrong.body()).get("code").asText()).isEqualTo("METHOD_NOT_ALLOWED");
  }

  @Test
  void headUsesTheGetRouteWithoutABody() throws Exception {
    HttpServer server = start(b -> {});
    try (RawHttp raw = new RawHttp(server.port())) {
      raw.send("HEAD /hello HTTP/1.1\r\nHost: localhost\r\n\r\n");
      RawHttp.Response head = raw.readHead();
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.headers()).containsEntry("content-length", "5");
      // the connection stays usable: the next bytes are the next response, not a body
      raw.send("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n");
      assertThat(raw.read().body()).isEqualTo("hello");
    }
  }

  @Test
  void bodyOfExactlyTheLimitIsAcceptedAndOneMoreByteIs413() throws Exception {
    HttpServer server = start(b -> b.maxRequestBytes(100));
    var atLimit =
        client.send(
            java.net.http.HttpRequest.newBuilder(server.uri().resolve("/echo"))
                .POST(BodyPublishers.ofByteArray(new byte[100]))
                .build(),
            BodyHandlers.ofByteArray());
    assertThat(atLimit.statusCode()).isEqualTo(200);
    assertThat(atLimit.body()).hasSize(100);
    try (RawHttp raw = new RawHttp(server.port())) {
      raw.send("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 101\r\n\r\n" + "x".repeat(101));
      RawHttp.Response over = raw.read();
      assertThat(over.status()).isEqualTo(413);
      assertThat(json(over.body()).get("code").asText()).isEqualTo("MESSAGE_TOO_LARGE");
      assertThat(raw.closedByServer()).isTrue();
    }
  }

  @Test
  void chunkedBodyOverTheLimitIs413() throws Exception {
    HttpServer server = start(b -> b.maxRequestBytes(10));
    try (RawHttp raw = new RawHttp(server.port())) {
      raw.send("POST /echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "8\r\n12345678\r\n3\r\nabc\r\n0\r\n\r\n");
      assertThat(raw.read().status()).isEqualTo(413);
    }
  }

  @Test
  void slowClientGets408AndIsDisconnected() throws Exception {
    HttpServer server = start(b -> b.requestTimeout(Duration.ofMillis(300)));
    try (RawHttp raw = new RawHttp(server.port())) {
      raw.send("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\nabc");
      RawHttp.Response r = raw.read();
      assertThat(r.status()).isEqualTo(408);
      assertThat(json(r.body()).get("code").asText()).isEqualTo("REQUEST_TIMEOUT");
      assertThat(raw.closedByServer()).isTrue();
    }
    assertThat(get(server, "/hello").statusCode()).isEqualTo(200);
  }

  @Test
  void keepAliveServesSeveralRequestsOnOneConnectionAndPipelinedOnesInOrder() throws Exception {
    CountDownLatch slow = new CountDownLatch(1);
    HttpServer server =
        start(b -> b.route("GET", "/slow", r -> CompletableFuture.supplyAsync(() -> {
          try {
            slow.await(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return HttpResponse.text(200, "slow");
        })));
    try (RawHttp raw = new RawHttp(server.port())) {
      for (int i = 0; i < 3; i++) {
        raw.send("GET /items/" + i + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        RawHttp.Response r = raw.read();
        assertThat(r.body()).isEqualTo("item " + i);
        assertThat(r.headers()).containsEntry("connection", "keep-alive");
      }
      raw.send("GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\nGET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n");
      slow.countDown();
      assertThat(raw.read().body()).isEqualTo("slow");
      assertThat(raw.read().body()).isEqualTo("hello");
    }
  }

  @Test
  void idleKeepAliveConnectionIsClosed() throws Exception {
    HttpServer server = start(b -> b.idleTimeout(Duration.ofMillis(200)));
    try (RawHttp raw = new RawHttp(server.port())) {
      raw.send("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n");
      assertThat(raw.read().status()).isEqualTo(200);
      assertThat(raw.closedByServer()).isTrue();
    }
  }

  @Test
  void handlerExceptionIs500WithoutDetailsAndTheServerKeepsServing() throws Exception {
    HttpServer server = start(b -> {});
    var boom = get(server, "/boom");
    assertThat(boom.statusCode()).isEqualTo(500);
    assertThat(boom.body()).doesNotContain("secret").doesNotContain("IllegalState");
    assertThat(json(boom.body()).get("code").asText()).isEqualTo("INTERNAL_ERROR");
    assertThat(get(server, "/hello").statusCode()).isEqualTo(200);
  }

  @Test
  void codedExceptionsAnswerWithTheirStatus() throws Exception {
    HttpServer server = start(b -> {});
    var conflict = get(server, "/fails");
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(json(conflict.body()).get("code").asText()).isEqualTo("RESOURCE_CONFLICT");
    var unauth = get(server, "/unauth");
    assertThat(unauth.statusCode()).isEqualTo(401);
    assertThat(unauth.headers().firstValue("www-authenticate")).hasValueSatisfying(
        v -> assertThat(v).startsWith("Bearer").contains("invalid_signature"));
    assertThat(json(unauth.body()).get("error").asText()).isEqualTo("invalid_signature");
  }

  @Test
  void jsonBodiesParseStrictlyAndBadJsonIs400() throws Exception {
    HttpServer server = start(b -> {});
    var ok =
        client.send(
            java.net.http.HttpRequest.newBuilder(server.uri().resolve("/json"))
                .POST(BodyPublishers.ofString("{\"a\":1}"))
                .build(),
            BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(201);
    assertThat(ok.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(json(ok.body()).get("a").asInt()).isEqualTo(1);
    var dup =
        client.send(
            java.net.http.HttpRequest.newBuilder(server.uri().resolve("/json"))
                .POST(BodyPublishers.ofString("{\"a\":1,\"a\":2}"))
                .build(),
            BodyHandlers.ofString());
    assertThat(dup.statusCode()).isEqualTo(400);
    assertThat(json(dup.body()).get("code").asText()).isEqualTo("INVALID_JSON");
  }

  @Test
  void requiredAuthenticationWithoutCredentialsIs401WithChallenge() throws Exception {
    HttpServer server = start(b -> {});
    var r = get(server, "/private");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("www-authenticate")).isPresent();
    assertThat(json(r.body()).get("code").asText()).isEqualTo("AUTH_CREDENTIALS_MISSING");
    assertThat(get(server, "/maybe").body()).isEqualTo("caller=false");
  }

  @Test
  void handlersRunOffTheEventLoop() throws Exception {
    HttpServer server = start(b -> {});
    for (int i = 0; i < 50; i++) {
      assertThat(get(server, "/thread").body()).startsWith("anp-http-worker-");
    }
  }

  @Test
  void aRequestItsHandlerDeclaresNonBlockingIsAnsweredOnTheEventLoop() throws Exception {
    HttpHandler inline = new HttpHandler() {
      @Override
      public CompletableFuture<HttpResponse> handle(HttpRequest request) {
        if (request.path().endsWith("/fail")) {
          throw new IllegalStateException("handler bug");
        }
        return CompletableFuture.completedFuture(HttpResponse.text(200, Thread.currentThread().getName()));
      }

      @Override
      public boolean nonBlocking(HttpRequest request) {
        return !request.uri().getRawQuery().equals("blocking");
      }
    };
    HttpServer server = start(b -> b.route("GET", "/inline/{x}", inline));
    for (int i = 0; i < 20; i++) {
      assertThat(get(server, "/inline/a?fast").body()).startsWith("anp-http-io-");
      assertThat(get(server, "/inline/a?blocking").body()).startsWith("anp-http-worker-");
    }
    // A failing inline handler is answered 500, and the server keeps serving.
    assertThat(get(server, "/inline/fail?fast").statusCode()).isEqualTo(500);
    assertThat(get(server, "/inline/a?fast").statusCode()).isEqualTo(200);
  }

  @Test
  void handlerThatNeverAnswersIsCutOffWith503() throws Exception {
    HttpServer server =
        start(b -> b.handlerTimeout(Duration.ofMillis(200))
            .route("GET", "/never", r -> new CompletableFuture<>()));
    var r = get(server, "/never");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(json(r.body()).get("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
  }

  @Test
  void malformedHttpIs400AndTheConnectionCloses() throws Exception {
    HttpServer server = start(b -> {});
    try (RawHttp raw = new RawHttp(server.port())) {
      raw.send("THIS IS NOT HTTP\r\n\r\n");
      RawHttp.Response r = raw.read();
      assertThat(r.status()).isEqualTo(400);
      assertThat(raw.closedByServer()).isTrue();
    }
    try (RawHttp raw = new RawHttp(server.port())) {
      raw.send("GET /hello HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n");
      assertThat(raw.read().status()).isEqualTo(400);
    }
    try (RawHttp raw = new RawHttp(server.port())) {
      raw.send("GET /hello HTTP/1.1\r\n\r\n");
      assertThat(raw.read().status()).isEqualTo(400);
    }
    try (RawHttp raw = new RawHttp(server.port())) {
      raw.send("GET /files/%2e%2e/secret HTTP/1.1\r\nHost: localhost\r\n\r\n");
      assertThat(raw.read().status()).isEqualTo(400);
    }
    try (RawHttp raw = new RawHttp(server.port())) {
      raw.send("GET /items/%zz HTTP/1.1\r\nHost: localhost\r\n\r\n");
      assertThat(raw.read().status()).isEqualTo(400);
    }
    assertThat(get(server, "/hello").statusCode()).isEqualTo(200);
  }

  @Test
  void connectionsOverTheLimitGet503() throws Exception {
    HttpServer server = start(b -> b.maxConnections(1));
    try (RawHttp first = new RawHttp(server.port())) {
      first.send("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n");
      assertThat(first.read().status()).isEqualTo(200);
      try (RawHttp second = new RawHttp(server.port())) {
        assertThat(second.read().status()).isEqualTo(503);
        assertThat(second.closedByServer()).isTrue();
      }
    }
  }

  @Test
  void gracefulCloseLetsTheInFlightRequestFinishAndRefusesNewConnections() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    HttpServer server =
        start(b -> b.shutdownGracePeriod(Duration.ofSeconds(5))
            .route("GET", "/inflight", r -> CompletableFuture.supplyAsync(() -> {
              entered.countDown();
              try {
                release.await(5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return HttpResponse.text(200, "finished");
            })));
    int port = server.port();
    try (RawHttp raw = new RawHttp(port)) {
      raw.send("GET /inflight HTTP/1.1\r\nHost: localhost\r\n\r\n");
      assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Void> stopped = server.shutdown();
      assertThat(stopped).isNotDone();
      // the listening socket goes away while the request is still running
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      boolean refused = false;
      while (!refused && System.nanoTime() < deadline) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
          assertThat(s.isConnected()).isTrue();
        } catch (ConnectException e) {
          refused = true;
        } catch (SocketException e) {
          // reset while in the backlog of the listener that is just closing: try again
          assertThat(e.getMessage()).contains("reset");
        }
      }
      assertThat(refused).isTrue();
      release.countDown();
      RawHttp.Response r = raw.read();
      assertThat(r.body()).isEqualTo("finished");
      assertThat(r.headers()).containsEntry("connection", "close");
      stopped.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void startTwiceAndUriBeforeStartAreProgrammingErrors() {
    HttpServer server = HttpServer.builder().build();
    servers.add(server);
    assertThatThrownBy(server::uri).isInstanceOf(IllegalStateException.class);
    server.start().join();
    assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void builderRejectsBadSettings() {
    assertThatThrownBy(() -> HttpServer.builder().port(70000)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HttpServer.builder().maxRequestBytes(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HttpServer.builder().requestTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HttpServer.builder().route("GET", "no-slash", r -> done(HttpResponse.of(200))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HttpServer.builder()
            .route("GET", "/a", r -> done(HttpResponse.of(200)))
            .route("get", "/a", r -> done(HttpResponse.of(200))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bindFailureFailsTheStartFuture() throws IOException {
    HttpServer first = start(b -> {});
    HttpServer second = HttpServer.builder().port(first.port()).build();
    servers.add(second);
    assertThat(second.start()).failsWithin(Duration.ofSeconds(5));
  }

  @Test
  void responseValuesAreImmutableCopies() {
    byte[] body = {1, 2, 3};
    HttpResponse r = HttpResponse.of(200, "application/octet-stream", body);
    body[0] = 9;
    assertThat(r.body()[0]).isEqualTo((byte) 1);
    HttpResponse withHeader = r.withHeader("X-A", "1");
    assertThat(r.header("x-a")).isEmpty();
    assertThat(withHeader.header("X-A")).hasValue("1");
    assertThatThrownBy(() -> r.withHeader("x", "a\r\nb")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HttpResponse.of(99)).isInstanceOf(IllegalArgumentException.class);
    assertThat(HttpResponse.json(200, JsonNodeFactory.instance.objectNode()).header("content-type"))
        .hasValue("application/json");
    HttpRequest req =
        HttpRequest.of("get", URI.create("http://h/p"), Map.of("X-Y", List.of("v")), new byte[0]);
    assertThat(req.method()).isEqualTo("GET");
    assertThat(req.header("x-y")).hasValue("v");
    assertThatThrownBy(() -> req.pathVariable("none")).isInstanceOf(IllegalArgumentException.class);
  }
}
