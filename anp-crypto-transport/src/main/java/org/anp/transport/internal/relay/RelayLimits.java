package org.anp.transport.internal.relay;

import java.time.Duration;
import java.util.Objects;
import org.anp.identity.limits.MetricsRegistry;

/**
 * The relay's limits against hostile load (issue 12, decision 0058), validated by {@code
 * RelayServer.Builder}. Immutable.
 *
 * @param maxRoutersPerRegister the most router entries one {@code register} may carry
 * @param noncesPerDid the most register nonces one router DID may hold in the cache
 * @param noncesPerAddress the most register nonces one remote address may hold in the cache
 * @param metrics where refusals are counted and the relay's gauges are registered
 * @param refusalLogInterval at most one WARN line per limit per this interval
 * @param maxConnections the most open connections on the relay's own port
 * @param maxConnectionsPerAddress the most open connections from one remote address
 * @param exposeMetrics whether the relay's own port answers {@code GET /metrics}
 */
public record RelayLimits(
    int maxRoutersPerRegister,
    int noncesPerDid,
    int noncesPerAddress,
    MetricsRegistry metrics,
    Duration refusalLogInterval,
    int maxConnections,
    int maxConnectionsPerAddress,
    boolean exposeMetrics) {

  public RelayLimits {
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(refusalLogInterval, "refusalLogInterval");
  }
}
