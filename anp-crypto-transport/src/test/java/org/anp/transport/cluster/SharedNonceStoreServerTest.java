package org.anp.transport.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.auth.AccessTokenService;
import org.anp.identity.auth.DidAuthenticationGate;
import org.anp.identity.auth.DidWbaAuthenticator;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.auth.HttpSignatureAuthenticator;
import org.anp.identity.auth.HttpSignatureVerifier;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.wba.DidWbaIdentity;
import org.anp.transport.hosting.DidDocumentStore;
import org.anp.transport.hosting.DidWbaHosting;
import org.anp.transport.http.AuthPolicy;
import org.anp.transport.http.HttpHandler;
import org.anp.transport.http.HttpResponse;
import org.anp.transport.http.HttpServer;
import org.anp.transport.testing.NatsServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances of one DID-authenticated service (two {@link HttpServer}s, each with its own NATS
 * connection and {@link JetStreamNonceStore} on one bucket), as behind a load balancer: a signed
 * request accepted by one is refused as a replay by the other, both for a DIDWba header and an
 * RFC 9421 signature; while NATS is away signed requests get 503, and are served when it returns.
 *
 * <p>Requests are written on a socket with the {@code Host} of the first instance, as a load
 * balancer forwards them: an RFC 9421 signature covers the target URI with its port.
 */
class SharedNonceStoreServerTest {
  private final DidDocumentStore documents = DidDocumentStore.inMemory();
  private final List<ClusterConnection> connections = new ArrayList<>();
  private final List<HttpServer> servers = new ArrayList<>();
  private NatsServerFixture nats;
  private ClusterConnection firstConnection;
  private int firstPort;
  private int secondPort;
  private DidWbaIdentity alice;

  @BeforeEach
  void start() {
    nats = NatsServerFixture.start();
    DidWbaHosting hosting = DidWbaHosting.builder().store(documents).domains("localhost").build();
    DidResolver resolver = hosting.localResolver(DidResolver.builder().methodsFromServiceLoader().build());
    firstConnection = connect();
    firstPort = serve(hosting, resolver, JetStreamNonceStore.builder().connection(firstConnection).build());
    secondPort = serve(hosting, resolver, JetStreamNonceStore.builder().connection(connect()).build());
    alice = DidWbaIdentity.builder().host("localhost").port(firstPort).path("u/alice").build();
    documents.put(alice.did(), alice.document().toBytes());
  }

  @AfterEach
  void stop() {
    servers.forEach(HttpServer::close);
    connections.forEach(ClusterConnection::close);
    nats.close();
  }

  @Test
  void aDidWbaRequestAcceptedByOneInstanceIsRefusedAsAReplayByTheOther() throws IOException {
    Map<String, String> headers = Map.of("Authorization", didWba().authorizationHeader(target()));

    Reply accepted = get(firstPort, headers);
    Reply replayed = get(secondPort, headers);
    Reply again = get(firstPort, headers);

    assertThat(accepted.status()).isEqualTo(200);
    assertThat(accepted.body()).isEqualTo(alice.did().toString());
    assertThat(replayed.status()).isEqualTo(401);
    assertThat(replayed.head()).contains("error=\"invalid_nonce\"");
    assertThat(again.status()).isEqualTo(401);
    // A fresh signature from the same caller is served by either instance.
    assertThat(get(secondPort, Map.of("Authorization", didWba().authorizationHeader(target()))).status())
        .isEqualTo(200);
  }

  @Test
  void anHttpSignatureAcceptedByOneInstanceIsRefusedAsAReplayByTheOther() throws IOException {
    Map<String, String> headers = httpSignature().sign("GET", target(), new byte[0]);

    Reply accepted = get(firstPort, headers);
    Reply replayed = get(secondPort, headers);

    assertThat(accepted.status()).isEqualTo(200);
    assertThat(replayed.status()).isEqualTo(401);
    assertThat(replayed.head()).contains("error=\"invalid_nonce\"");
  }

  @Test
  void whileNatsIsAwaySignedRequestsGet503AndAreServedWhenItReturns() throws Exception {
    Map<String, String> before = Map.of("Authorization", didWba().authorizationHeader(target()));
    assertThat(get(firstPort, before).status()).isEqualTo(200);

    nats.stop();
    CompletableFuture<Reply> during = CompletableFuture.supplyAsync(() -> getUnchecked(firstPort,
        Map.of("Authorization", didWba().authorizationHeader(target()))));
    Reply refused = during.get(30, TimeUnit.SECONDS);

    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.head()).contains("temporarily_unavailable");

    nats.restart();

    ClusterConnection secondConnection = connections.get(1);
    Reply replayed = UntilAvailable.run(secondConnection, n -> unlessUnavailable(getUnchecked(secondPort, before)));
    Reply served = UntilAvailable.run(firstConnection, n -> unlessUnavailable(
        getUnchecked(firstPort, Map.of("Authorization", didWba().authorizationHeader(target())))));
    assertThat(replayed.status()).as("the nonce accepted before the restart is kept on file").isEqualTo(401);
    assertThat(served.status()).as(served.head()).isEqualTo(200);
  }

  private int serve(DidWbaHosting hosting, DidResolver resolver, JetStreamNonceStore nonces) {
    DidAuthenticationGate gate = DidAuthenticationGate.builder()
        .verifier(HttpSignatureVerifier.builder().resolver(resolver).audience("localhost").replayCache(nonces).build())
        .acceptDidWbaHeader(DidWbaVerifier.builder().resolver(resolver).audience("localhost").nonceStore(nonces).build())
        .tokens(AccessTokenService.builder().build())
        .build();
    HttpHandler whoami = request -> CompletableFuture.completedFuture(
        HttpResponse.text(200, request.caller().map(c -> c.did().toString()).orElse("anonymous")));
    HttpServer server = hosting.addRoutes(HttpServer.builder().authentication(gate))
        .route("GET", "/required", AuthPolicy.REQUIRED, whoami)
        .build();
    servers.add(server);
    return server.start().join().getPort();
  }

  private ClusterConnection connect() {
    ClusterConnection connection = ClusterConnection.builder().url(nats.url()).name("service")
        .reconnectWait(Duration.ofMillis(200)).open();
    connections.add(connection);
    return connection;
  }

  private URI target() {
    return URI.create("http://localhost:" + firstPort + "/required");
  }

  private DidWbaAuthenticator didWba() {
    return DidWbaAuthenticator.builder().did(alice.did())
        .signingKey("key-1", alice.privateKey("key-1").orElseThrow()).build();
  }

  private HttpSignatureAuthenticator httpSignature() {
    return HttpSignatureAuthenticator.builder().did(alice.did())
        .signingKey("key-1", alice.privateKey("key-1").orElseThrow()).build();
  }

  // A 503 answer stands for the store's failure, for UntilAvailable to try again.
  private static Reply unlessUnavailable(Reply reply) {
    if (reply.status() == 503) {
      throw new IdentityException(IdentityError.AUTH_NONCE_STORE_UNAVAILABLE, reply.head());
    }
    return reply;
  }

  private Reply getUnchecked(int port, Map<String, String> headers) {
    try {
      return get(port, headers);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  // One HTTP/1.1 request with the first instance's Host, whichever instance receives it.
  private Reply get(int port, Map<String, String> headers) throws IOException {
    StringBuilder request = new StringBuilder("GET /required HTTP/1.1\r\nHost: localhost:" + firstPort + "\r\n");
    headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    request.append("Connection: close\r\n\r\n");
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String text = all.toString(StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      String head = text.substring(0, split);
      return new Reply(Integer.parseInt(head.substring(9, 12)), head, text.substring(split + 4));
    }
  }

  private record Reply(int status, String head, String body) {}
}
