package org.anp.transport.internal.messenger;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: exponential from {@code min} up to {@code max}, with "equal jitter" (half the
 * step fixed, half random) so that many clients dropped by one relay restart do not come back in
 * lockstep, yet none retries sooner than half of its step. Immutable.
 */
public record Backoff(Duration min, Duration max) {
  public Backoff {
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("backoff: need 0 < min <= max, got " + min + ", " + max);
    }
  }

  /** The step before jitter for the {@code attempt}-th retry (0-based). */
  public Duration step(int attempt) {
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt: " + attempt);
    }
    long minNanos = min.toNanos();
    long maxNanos = max.toNanos();
    int shift = Math.min(attempt, 62);
    long step = minNanos > (maxNanos >> shift) ? maxNanos : minNanos << shift;
    return Duration.ofNanos(Math.min(step, maxNanos));
  }

  /** A delay in {@code [step/2, step]} for the {@code attempt}-th retry. */
  public Duration delay(int attempt, RandomGenerator random) {
    long step = step(attempt).toNanos();
    long half = step / 2;
    return Duration.ofNanos(half + (step - half == 0 ? 0 : random.nextLong(step - half + 1)));
  }
}
