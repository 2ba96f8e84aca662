package org.anp.transport.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The cluster a relay node joins (issue 16, decision 0077): a NATS server (or NATS cluster) with
 * JetStream, and the cluster's name, which keeps the streams and buckets of several relay
 * clusters on one NATS apart. Every node of a cluster is configured with the same router DID and
 * key and the same name; an agent may register with any node, and a frame sent on one node
 * reaches its receiver on any other, or waits in JetStream (file storage) while the receiver is
 * offline. Pass it to {@code RelayServer.Builder#cluster}.
 *
 * <p>Immutable. The NATS client ({@code io.nats:jnats}) must be on the class path of a relay that
 * uses a cluster; a relay without one never loads it.
 */
public final class RelayCluster {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");

  private final URI url;
  private final String name;
  private final Duration connectTimeout;
  private final Duration storeTimeout;
  private final boolean directHandOver;

  private RelayCluster(URI url, String name, Duration connectTimeout, Duration storeTimeout, boolean directHandOver) {
    this.url = url;
    this.name = name;
    this.connectTimeout = connectTimeout;
    this.storeTimeout = storeTimeout;
    this.directHandOver = directHandOver;
  }

  /**
   * A cluster on the NATS server at {@code url} ({@code nats://host:port}), named {@code name}
   * (1-32 of {@code A-Z a-z 0-9 _ -}); connect timeout 5 s, store timeout 5 s, direct hand-over on.
   *
   * @throws IllegalArgumentException if the URL is not {@code nats://} or {@code tls://} with a
   *     host, or the name is not valid
   */
  public static RelayCluster nats(String url, String name) {
    URI uri = URI.create(Objects.requireNonNull(url, "url"));
    if (!("nats".equals(uri.getScheme()) || "tls".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new IllegalArgumentException("cluster URL must be nats://HOST:PORT or tls://HOST:PORT: " + url);
    }
    if (!NAME.matcher(Objects.requireNonNull(name, "name")).matches()) {
      throw new IllegalArgumentException("cluster name must be 1-32 of A-Z a-z 0-9 _ -: " + name);
    }
    return new RelayCluster(uri, name, Duration.ofSeconds(5), Duration.ofSeconds(5), true);
  }

  /** How long the first connection to NATS may take before the relay's start fails. */
  public RelayCluster withConnectTimeout(Duration timeout) {
    return new RelayCluster(url, name, positive(timeout), storeTimeout, directHandOver);
  }

  /**
   * How long storing a frame in JetStream may take before its sender is answered 503 (NATS
   * unreachable or overloaded).
   */
  public RelayCluster withStoreTimeout(Duration timeout) {
    return new RelayCluster(url, name, connectTimeout, positive(timeout), directHandOver);
  }

  /**
   * Whether a frame for an agent online on another node, and its final status, are handed to
   * that node over core NATS (in batches, the stream as the fallback when that node does not
   * take them in time) instead of being stored in the JetStream stream first; default on
   * (decision 0087). Off: every cross-node frame and status is stored in JetStream first, about
   * half as fast across nodes (docs/benchmarks.md).
   */
  public RelayCluster withDirectHandOver(boolean direct) {
    return new RelayCluster(url, name, connectTimeout, storeTimeout, direct);
  }

  public boolean directHandOver() {
    return directHandOver;
  }

  public URI url() {
    return url;
  }

  public String name() {
    return name;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration storeTimeout() {
    return storeTimeout;
  }

  private static Duration positive(Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + d);
    }
    return d;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RelayCluster c && url.equals(c.url) && name.equals(c.name)
        && connectTimeout.equals(c.connectTimeout) && storeTimeout.equals(c.storeTimeout)
        && directHandOver == c.directHandOver;
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, name, connectTimeout, storeTimeout, directHandOver);
  }

  @Override
  public String toString() {
    return "RelayCluster[" + name + " at " + url.getHost() + ":" + url.getPort() + "]";
  }
}
