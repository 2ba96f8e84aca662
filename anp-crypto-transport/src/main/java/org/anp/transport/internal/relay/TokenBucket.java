package org.anp.transport.internal.relay;

import java.time.Instant;

/**
 * A token bucket: {@code capacity} tokens, refilled at {@code ratePerSecond}. Not thread-safe;
 * each connection confines its bucket to its event loop.
 */
final class TokenBucket {
  private final double capacity;
  private final double ratePerSecond;
  private double tokens;
  private Instant last;

  TokenBucket(int capacity, double ratePerSecond, Instant now) {
    this.capacity = capacity;
    this.ratePerSecond = ratePerSecond;
    this.tokens = capacity;
    this.last = now;
  }

  /** Takes one token if there is one. */
  boolean tryTake(Instant now) {
    if (now.isAfter(last)) {
      double seconds = (now.toEpochMilli() - last.toEpochMilli()) / 1000.0;
      tokens = Math.min(capacity, tokens + seconds * ratePerSecond);
      last = now;
    }
    if (tokens >= 1.0) {
      tokens -= 1.0;
      return true;
    }
    return false;
  }
}
