package org.anp.transport.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.anp.transport.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One port for one agent: an {@link HttpServer} that serves a DID document and, mounted on its
 * WebSocket path, the relay (issue 11, one lifecycle for servers).
 */
class RelayMountedOnHttpServerTest {
  private final TestDirectory directory = new TestDirectory();
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private <T extends AutoCloseable> T keep(T resource) {
    resources.add(resource);
    return resource;
  }

  @Test
  void twoAgentsExchangeMessagesThroughARelayOnThePortThatServesADidDocument() throws Exception {
    RelayServer relay = RelayServer.builder().resolver(directory.resolver()).build();
    String document = "{\"id\":\"did:wba:127.0.0.1%3A0:host\"}";
    HttpServer http = keep(HttpServer.builder()
        .route("GET", "/host/did.json", request -> CompletableFuture.completedFuture(
            org.anp.transport.http.HttpResponse.of(200, "application/did+json", document.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
        .relay(relay)
        .build());

    URI base = http.start().join();
    URI relayUri = relay.start().join();

    assertThat(relayUri).isEqualTo(URI.create("ws://" + base.getRawAuthority() + "/ws"));
    assertThat(relay.uri()).isEqualTo(relayUri);
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<String> fetched = client.send(HttpRequest.newBuilder(base.resolve("/host/did.json")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(fetched.statusCode()).isEqualTo(200);
    assertThat(fetched.body()).isEqualTo(document);
    // Plain HTTP on the relay's path is not an upgrade: the routes answer it.
    assertThat(client.send(HttpRequest.newBuilder(base.resolve("/ws")).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode()).isEqualTo(404);

    TestDirectory.Agent alice = directory.wba(Optional.of(relayUri));
    TestDirectory.Agent bob = directory.wba(Optional.of(relayUri));
    WsClient a = keep(WsClient.connect(relayUri));
    WsClient b = keep(WsClient.connect(relayUri));
    a.register(alice);
    b.register(bob);
    a.send(WsClient.message("hello", alice.did(), bob.did(), 64).toString());
    assertThat(b.await(n -> "hello".equals(n.path("messageId").asText())).path("sourceDid").asText())
        .isEqualTo(alice.did());
    assertThat(a.awaitCode("hello")).as("acknowledged by bob").isEqualTo(200);
    b.send(WsClient.message("hi", bob.did(), alice.did(), 64).toString());
    assertThat(a.await(n -> "hi".equals(n.path("messageId").asText())).path("sourceDid").asText())
        .isEqualTo(bob.did());
    assertThat(b.awaitCode("hi")).isEqualTo(200);
    assertThat(relay.connectionCount()).isEqualTo(2);
  }

  @Test
  void closingTheHttpServerClosesTheRelayFirstReportingWhatItHeld() {
    RelayServer relay = RelayServer.builder().resolver(directory.resolver()).build();
    HttpServer http = HttpServer.builder().relay(relay).build();
    http.start().join();
    URI relayUri = relay.start().join();
    TestDirectory.Agent alice = directory.wba(Optional.of(relayUri));
    TestDirectory.Agent bob = directory.wba(Optional.of(relayUri));
    WsClient a = keep(WsClient.connect(relayUri));
    a.register(alice);
    a.send(WsClient.message("q1", alice.did(), bob.did(), 10).toString());
    assertThat(a.awaitCode("q1")).isEqualTo(202);

    http.close();

    assertThat(a.awaitCode("q1")).isEqualTo(504);
    assertThat(a.awaitClose()).isEqualTo(1001);
    assertThat(relay.queuedFrames()).isZero();
  }

  @Test
  void aRelayStartedOnItsOwnPortCannotBeMountedAndABindFailureFailsTheRelaysStartToo() throws Exception {
    RelayServer own = keep(RelayServer.builder().resolver(directory.resolver()).build());
    own.start().join();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpServer.builder().relay(own))
        .isInstanceOf(IllegalStateException.class);

    RelayServer mounted = RelayServer.builder().resolver(directory.resolver()).build();
    HttpServer clash = HttpServer.builder().port(own.uri().getPort()).relay(mounted).build();
    assertThat(clash.start()).failsWithin(java.time.Duration.ofSeconds(30));
    assertThat(mounted.start()).failsWithin(java.time.Duration.ofSeconds(30));
  }
}
