package org.anp.transport.relay;

import java.time.Instant;
import java.util.List;
import org.anp.transport.internal.relay.InMemoryMessageQueue;

/**
 * The relay's store for frames whose destination is offline (the store-and-forward seam).
 * Frames are kept per routing key in arrival order. Implementations are thread-safe and bounded:
 * {@link #offer} refuses a frame rather than grow without limit, and the relay reports the
 * refusal to the sender as 503. The relay reports every frame leaving the store (delivered,
 * expired, drained at shutdown) to its sender, so a store must never drop frames by itself.
 */
public interface MessageQueue {
  /** Adds a frame at the tail of its key's queue; {@code false} if that queue (or the store) is full. */
  boolean offer(QueuedFrame frame);

  /**
   * Puts frames back at the head of {@code key}'s queue, ahead of everything waiting, keeping
   * their order: frames the relay had handed to a connection that closed before the receiver
   * acknowledged them (decision 0006). As many as fit in the bounds are taken, oldest first;
   * the others are returned, and the relay reports them to their senders.
   */
  List<QueuedFrame> requeue(String key, List<QueuedFrame> frames);

  /** Removes and returns up to {@code max} frames of {@code key}, oldest first. */
  List<QueuedFrame> poll(String key, int max);

  /** Whether {@code key} has no frames waiting. */
  boolean isEmpty(String key);

  /** Removes and returns every frame whose {@link QueuedFrame#expiresAt()} is not after {@code now}. */
  List<QueuedFrame> expire(Instant now);

  /** Removes and returns every frame (relay shutdown). */
  List<QueuedFrame> drainAll();

  /** The number of frames held. */
  int size();

  /**
   * The default store: in memory, lost on restart.
   *
   * @param maxPerKey the most frames waiting for one routing key (positive)
   * @param maxTotal the most frames held in all (positive)
   */
  static MessageQueue inMemory(int maxPerKey, int maxTotal) {
    return new InMemoryMessageQueue(maxPerKey, maxTotal);
  }
}
