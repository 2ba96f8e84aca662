package org.anp.transport.internal.messenger;

import java.util.Optional;
import java.util.TreeMap;

/**
 * Which routed frame of one relay connection the messenger may acknowledge (decisions 0006 and
 * 0009). The relay takes an acknowledgement as covering every frame it pushed to the connection
 * before the one named, so the messenger may name a frame only once it has handled every frame
 * that arrived before it. Frames are numbered in arrival order; the messenger handles them in
 * another order (a peer's new sourceHello waits behind other frames), so the watermark is the
 * highest number below which everything was handled, and the frame to acknowledge is the last
 * acknowledgeable one at or below it.
 *
 * <p>Not thread-safe: confine to the messenger's loop; use one per connection.
 *
 * @param <F> what identifies a frame to acknowledge
 */
final class AckWatermark<F> {
  /** Frames handled out of order above the watermark, with what each would acknowledge. */
  private final TreeMap<Long, Optional<F>> ahead = new TreeMap<>();
  private long watermark;
  private F due;

  /**
   * Records that the frame that arrived as number {@code arrival} (1, 2, ... per connection) was
   * handled; {@code ackable} is the frame to name in an acknowledgement, empty for frames that
   * need none (relay statuses, heartbeats).
   */
  void handled(long arrival, Optional<F> ackable) {
    if (arrival <= watermark) {
      throw new IllegalArgumentException("frame " + arrival + " handled twice");
    }
    ahead.put(arrival, ackable);
    while (!ahead.isEmpty() && ahead.firstKey() == watermark + 1) {
      ahead.pollFirstEntry().getValue().ifPresent(f -> due = f);
      watermark++;
    }
  }

  /** The frame to acknowledge now, if the watermark passed one since the last call. */
  Optional<F> takeDue() {
    Optional<F> f = Optional.ofNullable(due);
    due = null;
    return f;
  }

  /** Frames handled above the watermark, waiting for an earlier one. */
  int waiting() {
    return ahead.size();
  }
}
