package org.anp.transport.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.e2e.HelloReplayCache;
import org.anp.transport.internal.cluster.KvBucket;
import org.anp.transport.internal.cluster.KvKeys;

/**
 * A {@link HelloReplayCache} shared by every instance of an E2E endpoint, kept in a NATS JetStream
 * key-value bucket (issue 16, decision 0082): a hello accepted by one instance is refused ({@code
 * HELLO_REPLAYED}) by all of them until its freshness window has passed. Give it to {@link
 * org.anp.transport.e2e.HandshakeConfig.Builder#replayCache}.
 *
 * <p>Keys are the SHA-256 of the engine's key (sender DID and {@code random}); the bucket's max
 * age is the {@linkplain Builder#retention retention}, which must cover the latest expiry a hello
 * can ask for (its {@code proof.created} plus the hello window, that is up to twice the window from
 * now): a hello asking to be remembered longer is refused with {@code HELLO_STALE}. While NATS is
 * unreachable or slow, {@link #firstSeen} fails closed with a {@link TransportException} {@code
 * CLUSTER_UNAVAILABLE} (503), and a bucket at its byte bound refuses every new hello ({@code
 * false}). Thread-safe; a call blocks for at most about the connection's request timeout.
 */
public final class JetStreamHelloReplayCache implements HelloReplayCache {
  private final KvBucket bucket;
  private final Duration retention;
  private final Clock clock;

  private JetStreamHelloReplayCache(Builder b, KvBucket bucket) {
    this.bucket = bucket;
    this.retention = b.retention();
    this.clock = b.clock();
  }

  /** A builder; {@link Builder#connection} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@inheritDoc}
   *
   * @throws TransportException {@code CLUSTER_UNAVAILABLE} if NATS cannot be asked; {@code
   *     HELLO_STALE} if {@code until} lies beyond the retention
   */
  @Override
  public boolean firstSeen(String key, Instant until) {
    Objects.requireNonNull(until, "until");
    Instant now = clock.instant();
    if (until.isAfter(now.plus(retention))) {
      throw new TransportException(TransportError.HELLO_STALE,
          "proof.created: too far ahead for the shared replay cache (kept " + retention.toSeconds() + " s)");
    }
    return bucket.insertIfAbsent(KvKeys.of(key), until, now) == KvBucket.Insert.INSERTED;
  }

  @Override
  public String toString() {
    return "JetStreamHelloReplayCache[" + bucket.name() + ", " + retention + "]";
  }

  /**
   * Configures a {@link JetStreamHelloReplayCache}: bucket {@code anp_e2e_hellos}, 64 MiB,
   * retention 2 minutes (at least twice the handshake's hello window, 30 seconds by default); use
   * the handshake's clock. Every instance of one endpoint must use the same bucket. Not
   * thread-safe; the cache it builds is.
   */
  public static final class Builder extends KvStoreBuilder<Builder> {
    private Builder() {
      super("anp_e2e_hellos", Duration.ofMinutes(2), 64L << 20);
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * Opens (or creates) the bucket and returns the cache.
     *
     * @throws IllegalArgumentException if the connection is missing or a limit is not positive
     * @throws TransportException {@code CLUSTER_UNAVAILABLE} if JetStream does not answer
     */
    public JetStreamHelloReplayCache build() {
      return new JetStreamHelloReplayCache(this, openBucket());
    }
  }
}
