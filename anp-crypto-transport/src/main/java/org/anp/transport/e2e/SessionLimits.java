package org.anp.transport.e2e;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits a {@link SecureSession} enforces on inbound frames and on its own key use.
 *
 * @param maxMessageAge how old an inbound frame's {@code timestamp} may be; also how long its
 *     {@code messageId} is remembered for replay detection
 * @param maxFutureSkew how far in the future an inbound {@code timestamp} may be
 * @param maxMessagesPerKey how many frames one key encrypts before it must be replaced (random
 *     96-bit IVs stay safe far below 2^32)
 * @param maxRememberedMessageIds bound of the replay cache; when full of live entries, frames are
 *     refused rather than let through
 */
public record SessionLimits(
    Duration maxMessageAge, Duration maxFutureSkew, long maxMessagesPerKey, int maxRememberedMessageIds) {
  /** 5 minutes, 1 minute, 2^30 frames, 100,000 ids. */
  public static final SessionLimits DEFAULT =
      new SessionLimits(Duration.ofMinutes(5), Duration.ofMinutes(1), 1L << 30, 100_000);

  public SessionLimits {
    Objects.requireNonNull(maxMessageAge, "maxMessageAge");
    Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
    if (maxMessageAge.isNegative() || maxFutureSkew.isNegative()) {
      throw new IllegalArgumentException("message window must not be negative");
    }
    if (maxMessagesPerKey < 1 || maxRememberedMessageIds < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
