package org.anp.transport.internal.messenger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * <p>An encrypted message counts as handled only once its end-to-end fate is known (decision
 * 0011): delivered, dropped as a repeat, or refused with a {@code response} written before the
 * acknowledgement. A message held for a handshake keeps the watermark below it until then.
 *
 * <p>Not thread-safe: confine to the messenger's loop; use one per connection.
 *
 * @param <F> what identifies a frame to acknowledge
 */
final class AckWatermark<F> {
  /** Frames handled out of order above the watermark, with what each would acknowledge. */
  private final TreeMap<Long, Optional<F>> ahead = new TreeMap<>();
  /** Frames taken but not yet handled, by the key that {@link #settled} will name. */
  private final Map<String, List<Waiting<F>>> unsettled = new HashMap<>();
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

  /**
   * Records that the frame that arrived as number {@code arrival} is handled only when {@link
   * #settled} names {@code key}; several frames may wait for one key (copies of a message).
   */
  void handledWhenSettled(String key, long arrival, Optional<F> ackable) {
    unsettled.computeIfAbsent(key, k -> new ArrayList<>()).add(new Waiting<>(arrival, ackable));
  }

  /**
   * The frames waiting for {@code key} are handled now; a key nothing waits for is ignored. A
   * {@code refused} frame is not named in an acknowledgement: the relay settled it with the
   * refusal, and would not know where an acknowledgement naming it stands (decision 0011).
   */
  void settled(String key, boolean refused) {
    List<Waiting<F>> frames = unsettled.remove(key);
    if (frames != null) {
      frames.forEach(w -> handled(w.arrival(), refused ? Optional.empty() : w.ackable()));
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

  private record Waiting<T>(long arrival, Optional<T> ackable) {}
}
