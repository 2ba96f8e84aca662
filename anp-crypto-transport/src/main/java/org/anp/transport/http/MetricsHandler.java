package org.anp.transport.http;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.anp.identity.limits.MetricsRegistry;
import org.anp.identity.limits.PrometheusText;

/**
 * Serves a {@link MetricsRegistry} in the Prometheus text format (issue 12): mount it where an
 * operator's scraper expects it, e.g. {@code route("GET", "/metrics", AuthPolicy.NONE,
 * MetricsHandler.of(registry))}. Nothing mounts it by default; counters name DIDs nowhere (only
 * limits), but bind the route to a private interface or put it behind authentication when the
 * server is public. Thread-safe.
 */
public final class MetricsHandler implements HttpHandler {
  private final MetricsRegistry registry;

  private MetricsHandler(MetricsRegistry registry) {
    this.registry = registry;
  }

  /** A handler rendering {@code registry} at each request. */
  public static MetricsHandler of(MetricsRegistry registry) {
    return new MetricsHandler(Objects.requireNonNull(registry, "registry"));
  }

  @Override
  public CompletableFuture<HttpResponse> handle(HttpRequest request) {
    byte[] text = PrometheusText.render(registry).getBytes(StandardCharsets.UTF_8);
    return CompletableFuture.completedFuture(HttpResponse.of(200, PrometheusText.CONTENT_TYPE, text));
  }
}
