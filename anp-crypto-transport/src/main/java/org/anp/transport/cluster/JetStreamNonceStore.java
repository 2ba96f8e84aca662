package org.anp.transport.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.auth.NonceStore;
import org.anp.identity.limits.MetricsRegistry;
import org.anp.identity.limits.RefusalLog;
import org.anp.transport.TransportException;
import org.anp.transport.internal.cluster.KvBucket;
import org.anp.transport.internal.cluster.KvDidQuota;
import org.anp.transport.internal.cluster.KvKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link NonceStore} shared by every instance of a DID-authenticated service, kept in a NATS
 * JetStream key-value bucket (issue 16, decision 0082): a signed request accepted by one instance
 * is refused as a replay ({@code AUTH_NONCE_REUSED}) by all the others for the retention. Give it
 * to {@link org.anp.identity.auth.DidWbaVerifier.Builder#nonceStore} or {@link
 * org.anp.identity.auth.HttpSignatureVerifier.Builder#replayCache}.
 *
 * <ul>
 *   <li>Keys are the SHA-256 of (DID, nonce), never the raw input. The bucket's max age is the
 *       retention, so entries remove themselves; an entry past its recorded expiry that the
 *       server has not yet removed counts as absent. {@link #recordIfAbsent} is atomic across
 *       instances: of concurrent calls with the same DID and nonce on any instances, exactly one
 *       returns {@code true}.
 *   <li>Limits: the bucket holds at most {@link Builder#maxBytes} (then {@code
 *       AUTH_NONCE_STORE_FULL}, 503); each instance lets one DID hold at most {@link
 *       Builder#maxEntriesPerDid} unexpired nonces recorded through it (then {@code
 *       AUTH_NONCE_QUOTA_EXCEEDED}, 429), so one DID cannot fill the shared bucket.
 *   <li>Faults: while NATS is unreachable or slower than the connection's request timeout, every
 *       method fails closed with {@code AUTH_NONCE_STORE_UNAVAILABLE} (503): no request is accepted
 *       without the replay check. It works again as soon as the connection is back.
 * </ul>
 *
 * <p>Thread-safe. Calls block the caller for at most the connection's request timeout (a few
 * round trips in the worst case). The store does not own the connection.
 */
public final class JetStreamNonceStore implements NonceStore {
  private static final Logger log = LoggerFactory.getLogger(JetStreamNonceStore.class);

  private final KvBucket bucket;
  private final Duration retention;
  private final KvDidQuota quota;
  private final RefusalLog unavailable;
  private final RefusalLog full;

  private JetStreamNonceStore(Builder b, KvBucket bucket) {
    this.bucket = bucket;
    this.retention = b.retention();
    this.quota = new KvDidQuota(b.maxEntriesPerDid, b.maxTrackedNonces,
        RefusalLog.create(log, b.name + "_per_did", b.clock(), b.logInterval, b.metrics),
        RefusalLog.create(log, b.name + "_tracked", b.clock(), b.logInterval, b.metrics));
    this.unavailable = RefusalLog.create(log, b.name + "_unavailable", b.clock(), b.logInterval, b.metrics);
    this.full = RefusalLog.create(log, b.name + "_full", b.clock(), b.logInterval, b.metrics);
    b.metrics.gauge("anp_nonce_store_entries", "Nonces this instance counts for its per-DID quota",
        Map.of("store", b.name), quota::tracked);
  }

  /** A builder; {@link Builder#connection} is required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Duration retention() {
    return retention;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IdentityException {@code AUTH_NONCE_STORE_UNAVAILABLE} if NATS cannot be asked
   */
  @Override
  public boolean contains(String did, String nonce, Instant now) {
    String key = KvKeys.of(did, nonce);
    try {
      return bucket.containsLive(key, now);
    } catch (TransportException e) {
      throw unavailable(did, e);
    }
  }

  @Override
  public void checkQuota(String did, Instant now) {
    Objects.requireNonNull(did, "did");
    quota.check(did, now);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IdentityException {@code AUTH_NONCE_QUOTA_EXCEEDED} (429) if this DID holds its quota
   *     on this instance; {@code AUTH_NONCE_STORE_FULL} (503) if the bucket is at its byte bound or
   *     this instance counts as many nonces as it may; {@code AUTH_NONCE_STORE_UNAVAILABLE} (503)
   *     if NATS cannot be asked
   */
  @Override
  public boolean recordIfAbsent(String did, String nonce, Instant expiresAt) {
    Objects.requireNonNull(expiresAt, "expiresAt");
    String key = KvKeys.of(did, nonce);
    Instant now = expiresAt.minus(retention);
    quota.checkRoom(did, now);
    KvBucket.Insert outcome;
    try {
      outcome = bucket.insertIfAbsent(key, expiresAt, now);
    } catch (TransportException e) {
      throw unavailable(did, e);
    }
    switch (outcome) {
      case INSERTED -> {
        quota.add(did, expiresAt);
        return true;
      }
      case PRESENT -> {
        return false;
      }
      default -> {
        full.refused(did, "bucket " + bucket.name() + " is at its byte bound");
        throw new IdentityException(IdentityError.AUTH_NONCE_STORE_FULL,
            "nonce store: bucket " + bucket.name() + " is at its byte bound");
      }
    }
  }

  @Override
  public String toString() {
    return "JetStreamNonceStore[" + bucket.name() + ", " + retention + "]";
  }

  private IdentityException unavailable(String did, TransportException e) {
    unavailable.refused(did, e.getMessage());
    return new IdentityException(IdentityError.AUTH_NONCE_STORE_UNAVAILABLE, "nonce store: " + e.getMessage(), e);
  }

  /**
   * Configures a {@link JetStreamNonceStore}: bucket {@code anp_auth_nonces}, retention 6 minutes
   * (it must exceed the verifier's past window; the verifier checks), 256 MiB, plus the local
   * quotas. Every instance of one service must use the same bucket and retention. Not
   * thread-safe; the store it builds is.
   */
  public static final class Builder extends KvStoreBuilder<Builder> {
    private int maxEntriesPerDid = 5_000;
    private int maxTrackedNonces = 200_000;
    private MetricsRegistry metrics = MetricsRegistry.create();
    private String name = "auth_nonces_shared";
    private Duration logInterval = Duration.ofMinutes(1);

    private Builder() {
      super("anp_auth_nonces", Duration.ofMinutes(6), 256L << 20);
    }

    @Override
    Builder self() {
      return this;
    }

    /** Unexpired nonces one DID may record through this instance; default 5,000 (decision 0043). */
    public Builder maxEntriesPerDid(int entries) {
      this.maxEntriesPerDid = entries;
      return this;
    }

    /** Nonces this instance counts for the quota at most (about 60 bytes of heap each); default 200,000. */
    public Builder maxTrackedNonces(int entries) {
      this.maxTrackedNonces = entries;
      return this;
    }

    /** Where refusals and the gauge go, and the {@code store}/{@code limit} label prefix; default a private registry. */
    public Builder metrics(MetricsRegistry metrics, String name) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** At most one WARN line per limit per this interval; default 1 minute. */
    public Builder logInterval(Duration interval) {
      this.logInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * Opens (or creates) the bucket and returns the store.
     *
     * @throws IllegalArgumentException if a limit is not positive or the connection is missing
     * @throws TransportException {@code CLUSTER_UNAVAILABLE} if JetStream does not answer
     */
    public JetStreamNonceStore build() {
      if (maxEntriesPerDid < 1 || maxTrackedNonces < maxEntriesPerDid) {
        throw new IllegalArgumentException("maxEntriesPerDid must be positive and at most maxTrackedNonces: "
            + maxEntriesPerDid + ", " + maxTrackedNonces);
      }
      return new JetStreamNonceStore(this, openBucket());
    }
  }
}
