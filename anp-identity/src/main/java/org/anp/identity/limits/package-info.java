/**
 * What a server tells its operator when a peer hits a limit: {@link
 * org.anp.identity.limits.MetricsRegistry} holds named counters and gauges (rendered in the
 * Prometheus text format by {@link org.anp.identity.limits.PrometheusText}), and {@link
 * org.anp.identity.limits.RefusalLog} counts every refusal of one limit and logs it at WARN at
 * most once per interval, with the subject (a DID or an address) and the counts.
 *
 * <p>No metrics library is needed: a server mounts the rendered text where it likes. Everything
 * here is thread-safe. This is the bottom module so the relay, the HTTP server and the DID host
 * share the same counters and log shape.
 */
package org.anp.identity.limits;
