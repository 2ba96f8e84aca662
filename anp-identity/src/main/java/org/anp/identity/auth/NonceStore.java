package org.anp.identity.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.anp.identity.internal.auth.InMemoryNonceStore;
import org.anp.identity.limits.MetricsRegistry;
import org.anp.identity.limits.RefusalLog;
import org.slf4j.LoggerFactory;

/**
 * Remembers the nonces each DID has used, so a signed request cannot be replayed (spec/identity.md
 * 1.5 step 3 and 1.7). A seam: a cluster of servers plugs in a shared store (a database or cache
 * with an atomic insert-if-absent).
 *
 * <p>Implementations are thread-safe. {@link #recordIfAbsent} is atomic: of any number of
 * concurrent calls with the same DID and nonce, exactly one returns {@code true}.
 */
public interface NonceStore {

  /**
   * How long a recorded nonce is kept. A verifier requires it to exceed its past time window, so
   * that a nonce cannot be forgotten while its request could still be accepted.
   */
  Duration retention();

  /** Whether {@code nonce} is recorded for {@code did} and not expired at {@code now}. */
  boolean contains(String did, String nonce, Instant now);

  /**
   * The cheap check a verifier makes before any other work for {@code did} (before the nonce
   * lookup, the resolution and the signature): refuses a DID that may not record another nonce
   * now. Does not change what is recorded. The default accepts every DID.
   *
   * @throws org.anp.identity.IdentityException {@code AUTH_NONCE_QUOTA_EXCEEDED} (429) if this
   *     DID is over its quota
   */
  default void checkQuota(String did, Instant now) {
    Objects.requireNonNull(did, "did");
  }

  /**
   * Records {@code nonce} for {@code did} until {@code expiresAt}, unless it is already recorded
   * and unexpired.
   *
   * @return {@code true} if recorded now, {@code false} if it was already there (a replay)
   * @throws org.anp.identity.IdentityException {@code AUTH_NONCE_QUOTA_EXCEEDED} if this DID is
   *     over its quota, {@code AUTH_NONCE_STORE_FULL} if the store cannot take another nonce from
   *     this DID
   */
  boolean recordIfAbsent(String did, String nonce, Instant expiresAt);

  /**
   * Whether every method answers from this process's memory, never waiting on I/O or another
   * process. A server verifies a signed request on its I/O thread only with such a store
   * (decision 0094); the default, {@code false}, keeps a store that does not say so (a shared
   * database, a NATS bucket) off event loops. The in-memory stores say {@code true}.
   */
  default boolean nonBlocking() {
    return false;
  }

  /**
   * A bounded in-memory store for one process with no quota per DID, only the global bound of
   * {@code maxEntries}. Entries expire {@code ttl} after being recorded (the verifier passes
   * {@code now + retention()} as the expiry) and are purged oldest first. When full, the DID
   * holding the most nonces pays: if it is the caller, the caller is refused with
   * {@code AUTH_NONCE_STORE_FULL} (503); otherwise that DID's nonces are replaced by a block that
   * refuses it ({@code AUTH_NONCE_QUOTA_EXCEEDED}) until they would have expired. Unexpired
   * nonces are never simply evicted, because that would reopen a replay window. Prefer {@link
   * #inMemoryBuilder()}, which also bounds each DID and the bytes held.
   *
   * @throws IllegalArgumentException unless {@code maxEntries > 0} and {@code ttl} is positive
   */
  static NonceStore inMemory(int maxEntries, Duration ttl) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
    }
    return inMemoryBuilder()
        .maxEntries(maxEntries)
        .maxEntriesPerDid(maxEntries)
        .maxBytes(Long.MAX_VALUE)
        .retention(ttl)
        .build();
  }

  /** A builder for a bounded in-memory store with per-DID quotas; see {@link InMemoryBuilder}. */
  static InMemoryBuilder inMemoryBuilder() {
    return new InMemoryBuilder();
  }

  /**
   * Configures an in-memory store (issue 12, decision 0043): each DID may hold at most {@link
   * #maxEntriesPerDid} unexpired nonces (the next is refused with 429 {@code
   * AUTH_NONCE_QUOTA_EXCEEDED}); the store holds at most {@link #maxEntries} entries and {@link
   * #maxBytes} estimated bytes, and when full refuses the heaviest DID first, never everyone
   * because of one DID (see {@link NonceStore#inMemory(int, Duration)}). Each refusal is counted
   * and logged at WARN at most once per {@link #logInterval}. Not thread-safe; the store it builds
   * is.
   */
  final class InMemoryBuilder {
    private int maxEntries = 100_000;
    private long maxBytes = 32L << 20;
    private int maxEntriesPerDid = 5_000;
    private Duration retention = Duration.ofMinutes(6);
    private MetricsRegistry metrics = MetricsRegistry.create();
    private String name = "auth_nonces";
    private Clock clock = Clock.systemUTC();
    private Duration logInterval = Duration.ofMinutes(1);

    private InMemoryBuilder() {}

    /** Entries held at most (blocked DIDs count one each); default 100,000. */
    public InMemoryBuilder maxEntries(int entries) {
      this.maxEntries = entries;
      return this;
    }

    /** Estimated heap bytes held at most; default 32 MiB (about 150 bytes plus the text per nonce). */
    public InMemoryBuilder maxBytes(long bytes) {
      this.maxBytes = bytes;
      return this;
    }

    /**
     * Unexpired nonces one DID may hold; default 5,000, about 14 signed requests a second
     * sustained over the default retention (a busy client should switch to an access token).
     */
    public InMemoryBuilder maxEntriesPerDid(int entries) {
      this.maxEntriesPerDid = entries;
      return this;
    }

    /** How long each nonce is kept; default 6 minutes. */
    public InMemoryBuilder retention(Duration retention) {
      this.retention = Objects.requireNonNull(retention, "retention");
      return this;
    }

    /**
     * Where the refusal counters and the store's gauges go, and the {@code store} label of the
     * gauges; default a private registry and {@code auth_nonces}.
     */
    public InMemoryBuilder metrics(MetricsRegistry metrics, String name) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The clock of the refusal log's interval (stored expiries come from the verifier); default UTC. */
    public InMemoryBuilder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** At most one WARN line per limit per this interval; default 1 minute. */
    public InMemoryBuilder logInterval(Duration interval) {
      this.logInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * The store.
     *
     * @throws IllegalArgumentException if a limit is not positive, {@code maxEntriesPerDid}
     *     exceeds {@code maxEntries}, or {@code maxBytes} cannot hold one nonce
     */
    public NonceStore build() {
      if (maxEntriesPerDid > maxEntries) {
        throw new IllegalArgumentException(
            "maxEntriesPerDid " + maxEntriesPerDid + " exceeds maxEntries " + maxEntries);
      }
      var log = LoggerFactory.getLogger(NonceStore.class);
      InMemoryNonceStore store = new InMemoryNonceStore(maxEntries, maxBytes, maxEntriesPerDid, retention,
          RefusalLog.create(log, name + "_per_did", clock, logInterval, metrics),
          RefusalLog.create(log, name + "_full", clock, logInterval, metrics));
      store.exportGauges(metrics, name);
      return store;
    }
  }
}
