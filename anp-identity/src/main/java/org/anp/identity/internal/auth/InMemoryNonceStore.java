package org.anp.identity.internal.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.auth.NonceStore;

/**
 * {@link NonceStore#inMemory}: an insertion-ordered map under one lock. Expiries are recorded as
 * {@code now + ttl} with a clock that does not go backwards in practice, so the oldest entries
 * expire first and purging stops at the first live one (amortized O(1) per insert). Thread-safe.
 */
public final class InMemoryNonceStore implements NonceStore {
  private final int maxEntries;
  private final Duration ttl;
  private final LinkedHashMap<String, Instant> entries = new LinkedHashMap<>();

  public InMemoryNonceStore(int maxEntries, Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
    }
    if (ttl.isZero() || ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must be positive: " + ttl);
    }
    this.maxEntries = maxEntries;
    this.ttl = ttl;
  }

  @Override
  public Duration retention() {
    return ttl;
  }

  @Override
  public synchronized boolean contains(String did, String nonce, Instant now) {
    Instant expiry = entries.get(key(did, nonce));
    return expiry != null && expiry.isAfter(now);
  }

  @Override
  public synchronized boolean recordIfAbsent(String did, String nonce, Instant expiresAt) {
    Objects.requireNonNull(expiresAt, "expiresAt");
    Instant now = expiresAt.minus(ttl);
    purge(now);
    String key = key(did, nonce);
    Instant existing = entries.get(key);
    if (existing != null && existing.isAfter(now)) {
      return false;
    }
    if (existing == null && entries.size() >= maxEntries) {
      throw new IdentityException(
          IdentityError.AUTH_NONCE_STORE_FULL,
          "nonce store: " + maxEntries + " unexpired nonces held, refusing new ones");
    }
    entries.remove(key);
    entries.put(key, expiresAt);
    return true;
  }

  /** Number of entries held (expired ones not yet purged included); for tests. */
  public synchronized int size() {
    return entries.size();
  }

  private void purge(Instant now) {
    Iterator<Map.Entry<String, Instant>> it = entries.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue().isAfter(now)) {
        return;
      }
      it.remove();
    }
  }

  private static String key(String did, String nonce) {
    Objects.requireNonNull(did, "did");
    Objects.requireNonNull(nonce, "nonce");
    // A DID never contains a space, so the key is unambiguous.
    return did + " " + nonce;
  }
}
