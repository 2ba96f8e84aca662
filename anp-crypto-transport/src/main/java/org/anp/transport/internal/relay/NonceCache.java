package org.anp.transport.internal.relay;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers register nonces per router until they can no longer pass the time window, bounded
 * in size. When full of live entries it refuses new ones (fails closed) instead of forgetting a
 * nonce that could still be replayed. Thread-safe.
 */
final class NonceCache {
  enum Result { RECORDED, REPLAYED, FULL }

  private final int maxEntries;
  private final Map<String, Instant> entries = new LinkedHashMap<>();

  NonceCache(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  /**
   * Records every {@code router + nonce} pair, all or none.
   *
   * @param keep until when the pairs must be remembered
   */
  synchronized Result recordAll(List<String> keys, Instant now, Instant keep) {
    evictExpired(now);
    for (String key : keys) {
      Instant until = entries.get(key);
      if (until != null) {
        return Result.REPLAYED;
      }
    }
    if (keys.stream().distinct().count() != keys.size()) {
      return Result.REPLAYED;
    }
    if (entries.size() + keys.size() > maxEntries) {
      return Result.FULL;
    }
    for (String key : keys) {
      entries.put(key, keep);
    }
    return Result.RECORDED;
  }

  private void evictExpired(Instant now) {
    Iterator<Instant> it = entries.values().iterator();
    // Insertion order is roughly expiry order (one window for all); stop at the first live entry.
    while (it.hasNext()) {
      if (it.next().isAfter(now)) {
        return;
      }
      it.remove();
    }
  }
}
