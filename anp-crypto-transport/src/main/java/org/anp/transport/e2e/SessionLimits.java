package org.anp.transport.e2e;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits a {@link SecureSession} enforces on inbound frames and on its own key use.
 *
 * @param maxMessageAge how old an inbound frame's {@code timestamp} may be
 * @param maxFutureSkew how far in the future an inbound {@code timestamp} may be
 * @param maxMessagesPerKey how many frames one key encrypts, and how many it accepts, before it
 *     must be replaced; the receiver remembers the IV of every accepted frame (the only field
 *     of a frame that is authenticated and unique) to refuse replays, so this bounds that memory
 */
public record SessionLimits(Duration maxMessageAge, Duration maxFutureSkew, int maxMessagesPerKey) {
  /** 5 minutes, 1 minute, 100,000 frames per key and direction. */
  public static final SessionLimits DEFAULT =
      new SessionLimits(Duration.ofMinutes(5), Duration.ofMinutes(1), 100_000);

  public SessionLimits {
    Objects.requireNonNull(maxMessageAge, "maxMessageAge");
    Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
    if (maxMessageAge.isNegative() || maxFutureSkew.isNegative()) {
      throw new IllegalArgumentException("message window must not be negative");
    }
    if (maxMessagesPerKey < 1) {
      throw new IllegalArgumentException("maxMessagesPerKey: " + maxMessagesPerKey);
    }
  }
}
