package org.anp.identity.auth;

import java.time.Duration;
import java.time.Instant;
import org.anp.identity.internal.auth.InMemoryNonceStore;

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
   * Records {@code nonce} for {@code did} until {@code expiresAt}, unless it is already recorded
   * and unexpired.
   *
   * @return {@code true} if recorded now, {@code false} if it was already there (a replay)
   * @throws org.anp.identity.IdentityException {@code AUTH_NONCE_STORE_FULL} if the store cannot
   *     take another nonce
   */
  boolean recordIfAbsent(String did, String nonce, Instant expiresAt);

  /**
   * A bounded in-memory store for one process. Entries expire {@code ttl} after being recorded
   * (the verifier passes {@code now + retention()} as the expiry) and are purged oldest first.
   * When {@code maxEntries} unexpired nonces are held, new nonces are refused with
   * {@code AUTH_NONCE_STORE_FULL} (503) rather than evicting unexpired ones, because evicting
   * would reopen a replay window; size {@code maxEntries} for the peak request rate times
   * {@code ttl}.
   *
   * @throws IllegalArgumentException unless {@code maxEntries > 0} and {@code ttl} is positive
   */
  static NonceStore inMemory(int maxEntries, Duration ttl) {
    return new InMemoryNonceStore(maxEntries, ttl);
  }
}
