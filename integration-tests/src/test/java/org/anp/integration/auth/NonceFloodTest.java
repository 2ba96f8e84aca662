package org.anp.integration.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.anp.identity.auth.DidWbaAuthenticator;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.auth.NonceStore;
import org.anp.identity.limits.MetricsRegistry;
import org.anp.identity.limits.PrometheusText;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.wba.DidWbaIdentity;
import org.anp.transport.hosting.DidDocumentStore;
import org.anp.transport.hosting.DidWbaHosting;
import org.anp.transport.http.AuthPolicy;
import org.anp.transport.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, attack 3: one DID (or a few) floods signed requests at a DID-authenticated service on
 * loopback; another DID must still be served. Small limits keep it fast: 20 nonces per DID, 60 in
 * all. Before the fix the store held 60 nonces from anyone and then answered everyone 503 {@code
 * AUTH_NONCE_STORE_FULL} for its whole retention.
 */
class NonceFloodTest {
  private static final int PER_DID = 20;
  private static final int TOTAL = 60;

  private final DidDocumentStore documents = DidDocumentStore.inMemory();
  private final MetricsRegistry metrics = MetricsRegistry.create();
  private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
  private HttpServer host;
  private HttpServer service;
  private URI hello;

  @BeforeEach
  void start() {
    host = DidWbaHosting.builder().store(documents).domains("localhost").build()
        .addRoutes(HttpServer.builder()).build();
    host.start().join();
    NonceStore nonces = NonceStore.inMemoryBuilder()
        .maxEntries(TOTAL)
        .maxEntriesPerDid(PER_DID)
        .retention(Duration.ofMinutes(6))
        .metrics(metrics, "auth_nonces")
        .build();
    DidWbaVerifier verifier = DidWbaVerifier.builder()
        .resolver(DidResolver.builder().insecureLoopbackHttp().build())
        .audience("localhost")
        .nonceStore(nonces)
        .build();
    service = HttpServer.builder()
        .authentication(verifier)
        .route("GET", "/api/hello", AuthPolicy.REQUIRED,
            r -> CompletableFuture.completedFuture(
                org.anp.transport.http.HttpResponse.text(200, "hello " + r.caller().orElseThrow().did())))
        .build();
    hello = URI.create("http://localhost:" + service.start().join().getPort() + "/api/hello");
  }

  @AfterEach
  void stop() {
    service.close();
    host.close();
  }

  @Test
  void oneDidFloodingSignedRequestsIsRefusedWhileAnotherIsServed() throws Exception {
    DidWbaAuthenticator flooder = client("u/flooder");
    DidWbaAuthenticator other = client("u/other");
    List<Integer> statuses = new ArrayList<>();
    String lastCode = "";
    for (int i = 0; i < 3 * PER_DID; i++) {
      HttpResponse<String> r = get(flooder);
      statuses.add(r.statusCode());
      if (r.statusCode() != 200) {
        lastCode = AuthScenario.code(r);
      }
    }
    assertThat(statuses.subList(0, PER_DID)).containsOnly(200);
    assertThat(statuses.subList(PER_DID, statuses.size())).containsOnly(429);
    assertThat(lastCode).isEqualTo("AUTH_NONCE_QUOTA_EXCEEDED");
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> r = get(other);
      assertThat(r.statusCode()).as("the other DID, request %d", i).isEqualTo(200);
      assertThat(r.body()).contains(":u:other:");
    }
    assertThat(PrometheusText.render(metrics))
        .contains("anp_limit_refusals_total{limit=\"auth_nonces_per_did\"} " + 2 * PER_DID);
  }

  @Test
  void severalDidsFillingTheStoreCostTheHeaviestNotTheOthers() throws Exception {
    List<DidWbaAuthenticator> flooders = new ArrayList<>();
    for (int f = 0; f < TOTAL / PER_DID; f++) {
      flooders.add(client("u/flood" + f));
    }
    for (DidWbaAuthenticator f : flooders) {
      for (int i = 0; i < PER_DID; i++) {
        assertThat(get(f).statusCode()).isEqualTo(200);
      }
    }
    // the store holds TOTAL nonces: a newcomer is served, the heaviest flooder pays
    DidWbaAuthenticator other = client("u/other");
    for (int i = 0; i < 5; i++) {
      assertThat(get(other).statusCode()).as("the other DID, request %d", i).isEqualTo(200);
    }
    for (DidWbaAuthenticator f : flooders) {
      HttpResponse<String> refused = get(f);
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(AuthScenario.code(refused)).isEqualTo("AUTH_NONCE_QUOTA_EXCEEDED");
    }
    assertThat(PrometheusText.render(metrics)).contains("anp_nonce_store_blocked_dids{store=\"auth_nonces\"} 1");
  }

  private DidWbaAuthenticator client(String path) {
    DidWbaIdentity id = DidWbaIdentity.builder().host("localhost").port(host.port()).path(path).build();
    documents.put(id.did(), id.document().toBytes());
    return AuthScenario.authenticator(id, Clock.systemUTC());
  }

  private HttpResponse<String> get(DidWbaAuthenticator client) throws Exception {
    return http.send(
        java.net.http.HttpRequest.newBuilder(hello).timeout(Duration.ofSeconds(20))
            .header("Authorization", client.authorizationHeader(hello)).GET().build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
  }
}
