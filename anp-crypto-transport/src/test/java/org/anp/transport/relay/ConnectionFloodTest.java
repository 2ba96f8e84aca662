package org.anp.transport.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.anp.identity.limits.MetricsRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12, attack 5: before the fix a client kept as many connections open as it liked, until
 * accepts failed at the file-descriptor limit. Now the relay caps connections in all and per
 * address and answers the upgrade request past a cap with 503 or 429 and Retry-After.
 */
class ConnectionFloodTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final TestDirectory directory = new TestDirectory();
  @RegisterExtension final RelayHarness relays = new RelayHarness(directory);

  private static HttpResponse<String> get(RelayServer relay, String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + relay.uri().getPort() + path);
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(WsClient.WAIT).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void connectionsPastThePerAddressCapAreRefused429AndTheSlotComesBack() throws Exception {
    MetricsRegistry metrics = MetricsRegistry.create();
    Semaphore slotsFreed = new Semaphore(0);
    RelayEventListener listener = new RelayEventListener() {
      @Override
      public void connectionSlotFreed(String remoteAddress) {
        slotsFreed.release();
      }
    };
    RelayServer relay = relays.relay(b -> b.connectionLimits(100, 3).metrics(metrics).exposeMetrics(true).listener(listener));
    List<WsClient> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      held.add(relays.client(relay));
    }
    HttpResponse<String> refused = get(relay, "/ws");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).contains("5");
    assertThat(refused.body()).contains("3 of 3 connections open from this address");

    // The three are still served: one registers.
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    held.get(0).register(alice);

    // Once one closes, its slot is free again.
    held.get(2).close();
    awaitSlotFreed(slotsFreed);
    WsClient again = relays.client(relay);
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    again.register(bob);
    held.get(1).close();
    awaitSlotFreed(slotsFreed);

    // The one refusal is counted and exposed on /metrics (the /metrics request takes a slot too).
    HttpResponse<String> text = get(relay, "/metrics");
    assertThat(text.statusCode()).isEqualTo(200);
    assertThat(text.body()).contains("anp_limit_refusals_total{limit=\"relay_connections_per_address\"} 1\n");
  }

  private static void awaitSlotFreed(Semaphore slotsFreed) throws InterruptedException {
    assertThat(slotsFreed.tryAcquire(WsClient.WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("the relay freed the closed connection's slot").isTrue();
  }

  @Test
  void connectionsPastTheGlobalCapAreRefused503() throws Exception {
    RelayServer relay = relays.relay(b -> b.connectionLimits(2, 10));
    relays.client(relay);
    relays.client(relay);
    HttpResponse<String> refused = get(relay, "/ws");
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.body()).contains("2 of 2 connections open");
  }

  @Test
  void otherRelayLimitsCountTheirRefusals() {
    MetricsRegistry metrics = MetricsRegistry.create();
    RelayServer relay = relays.relay(b -> b.rateLimit(0.001, 1).maxFrameBytes(1000).metrics(metrics));
    WsClient c = relays.client(relay);
    for (String id : List.of("r1", "r2", "r3")) {
      c.send(WsClient.message(id, "did:wba:a.example:x", "did:wba:b.example:y", 8).toString());
    }
    assertThat(c.awaitCode("r1")).isEqualTo(403);
    assertThat(c.awaitCode("r2")).isEqualTo(429);
    assertThat(c.awaitCode("r3")).isEqualTo(429);
    c.send(WsClient.message("big", "did:wba:a.example:x", "did:wba:b.example:y", 1200).toString());
    assertThat(c.awaitCode("big")).isEqualTo(413);
    assertThat(metrics.snapshot().stream()
        .filter(s -> s.name().equals(org.anp.identity.limits.RefusalLog.COUNTER))
        .filter(s -> List.of("relay_rate", "relay_frame_size").contains(s.labels().get("limit")))
        .map(s -> s.labels().get("limit") + "=" + s.value()).toList())
        .containsExactlyInAnyOrder("relay_rate=2", "relay_frame_size=1");
  }

  @Test
  void metricsAreOffByDefault() throws Exception {
    RelayServer relay = relays.relay(b -> {});
    assertThat(get(relay, "/metrics").statusCode()).isEqualTo(404);
  }
}
