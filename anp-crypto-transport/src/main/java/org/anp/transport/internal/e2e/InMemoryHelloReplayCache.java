package org.anp.transport.internal.e2e;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.anp.transport.e2e.HelloReplayCache;

/** A bounded map from key to expiry; expired entries are swept when the map is full. */
public final class InMemoryHelloReplayCache implements HelloReplayCache {
  private final int maxEntries;
  private final Clock clock;
  private final Map<String, Instant> entries = new HashMap<>();

  public InMemoryHelloReplayCache(int maxEntries, Clock clock) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries: " + maxEntries);
    }
    this.maxEntries = maxEntries;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized boolean firstSeen(String key, Instant until) {
    Instant now = clock.instant();
    Instant previous = entries.get(key);
    if (previous != null && !previous.isBefore(now)) {
      return false;
    }
    if (previous == null && entries.size() >= maxEntries) {
      entries.values().removeIf(expiry -> expiry.isBefore(now));
      if (entries.size() >= maxEntries) {
        return false;
      }
    }
    entries.put(key, until);
    return true;
  }
}
