package org.anp.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;
import org.anp.identity.limits.MetricsRegistry;
import org.anp.identity.limits.RefusalLog;
import org.junit.jupiter.api.Test;

class MetricsHandlerTest {
  @Test
  void servesTheRegistryInThePrometheusTextFormatOnLoopback() throws Exception {
    MetricsRegistry metrics = MetricsRegistry.create();
    metrics.counter(RefusalLog.COUNTER, "Requests refused by a limit", Map.of("limit", "auth_nonces_per_did")).add(7);
    try (HttpServer server = HttpServer.builder()
        .route("GET", "/metrics", AuthPolicy.NONE, MetricsHandler.of(metrics)).build()) {
      int port = server.start().join().getPort();
      java.net.http.HttpResponse<String> r = HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics"))
              .timeout(Duration.ofSeconds(20)).GET().build(), BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
      assertThat(r.body()).isEqualTo(
          "# HELP anp_limit_refusals_total Requests refused by a limit\n"
              + "# TYPE anp_limit_refusals_total counter\n"
              + "anp_limit_refusals_total{limit=\"auth_nonces_per_did\"} 7\n");
    }
  }

  @Test
  void theBuilderOptionServesAMountedRelaysCountersOnTheServersPort() throws Exception {
    MetricsRegistry metrics = MetricsRegistry.create();
    org.anp.transport.relay.RelayServer relay = org.anp.transport.relay.RelayServer.builder()
        .resolver(did -> java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("none")))
        .metrics(metrics).build();
    try (HttpServer server = HttpServer.builder().relay(relay).metrics(metrics).build()) {
      int port = server.start().join().getPort();
      java.net.http.HttpResponse<String> r = HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics"))
              .timeout(Duration.ofSeconds(20)).GET().build(), BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("# TYPE anp_relay_queued_bytes gauge\nanp_relay_queued_bytes 0\n")
          .contains("anp_relay_connections 0");
    }
  }
}
