package org.anp.transport.cluster;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.anp.transport.TransportException;
import org.anp.transport.internal.cluster.KvBucket;
import org.anp.transport.internal.cluster.KvKeys;

/**
 * The options every store on a JetStream key-value bucket shares ({@link JetStreamNonceStore},
 * {@link JetStreamHelloReplayCache}): the connection, the bucket, its retention (the bucket's max
 * age), its byte bound when the store creates it, and the clock. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter
 */
abstract class KvStoreBuilder<B extends KvStoreBuilder<B>> {
  private ClusterConnection connection;
  private String bucket;
  private Duration retention;
  private long maxBytes;
  private Clock clock = Clock.systemUTC();

  KvStoreBuilder(String bucket, Duration retention, long maxBytes) {
    this.bucket = bucket;
    this.retention = retention;
    this.maxBytes = maxBytes;
  }

  /** This builder, typed as the concrete one. */
  abstract B self();

  /** The connection to NATS; required. */
  public B connection(ClusterConnection connection) {
    this.connection = Objects.requireNonNull(connection, "connection");
    return self();
  }

  /** The key-value bucket, 1 to 64 of {@code A-Z a-z 0-9 _ -}. Every instance of one service uses the same. */
  public B bucket(String bucket) {
    this.bucket = KvKeys.bucket(Objects.requireNonNull(bucket, "bucket"));
    return self();
  }

  /** How long each entry is kept, which is the bucket's max age. */
  public B retention(Duration retention) {
    this.retention = Objects.requireNonNull(retention, "retention");
    return self();
  }

  /**
   * The bucket's bound in bytes when this store creates it (an entry takes about 150 bytes on the
   * server). A bucket that exists keeps its bound.
   */
  public B maxBytes(long bytes) {
    this.maxBytes = bytes;
    return self();
  }

  /** The clock that says what has expired and paces the refusal logs; use the verifier's clock. Default UTC. */
  public B clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return self();
  }

  Duration retention() {
    return retention;
  }

  Clock clock() {
    return clock;
  }

  /**
   * Checks the shared options, then opens (or creates) the bucket.
   *
   * @throws IllegalArgumentException if the connection is missing, or the retention or byte bound
   *     is not positive
   * @throws TransportException {@code CLUSTER_UNAVAILABLE} if JetStream does not answer
   */
  final KvBucket openBucket() {
    if (connection == null) {
      throw new IllegalArgumentException("connection: required");
    }
    if (retention.isZero() || retention.isNegative()) {
      throw new IllegalArgumentException("retention must be positive: " + retention);
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    }
    return KvBucket.open(connection, bucket, retention, maxBytes);
  }
}
