package org.anp.transport.e2e;

import java.time.Clock;
import java.time.Instant;
import org.anp.transport.internal.e2e.InMemoryHelloReplayCache;

/**
 * Remembers the hellos already accepted (sender DID and {@code random}) until their freshness
 * window has passed, so a replayed hello is refused (spec/e2e-transport.md section 8).
 * Implementations are thread-safe.
 */
public interface HelloReplayCache {

  /**
   * Records {@code key} until {@code until}; returns false if it was already recorded and has not
   * yet expired, or if the cache is full of live entries (fail closed).
   */
  boolean firstSeen(String key, Instant until);

  /** A bounded in-memory cache that forgets entries after their time, read from {@code clock}. */
  static HelloReplayCache inMemory(int maxEntries, Clock clock) {
    return new InMemoryHelloReplayCache(maxEntries, clock);
  }
}
