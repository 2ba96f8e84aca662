package org.anp.transport.relay;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
   * {@link #offer}, saying why a frame was refused: empty if queued, else the bound it would
   * pass (sent to the sender with its 503 and logged). The default names no bound.
   */
  default Optional<String> tryOffer(QueuedFrame frame) {
    return offer(frame) ? Optional.empty() : Optional.of("destination queue full");
  }

  /** The frame bytes held; by default not known (-1). */
  default long bytes() {
    return -1;
  }

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
    return new InMemoryMessageQueue(new InMemoryMessageQueue.Bounds(
        maxPerKey, maxTotal, Long.MAX_VALUE, Long.MAX_VALUE, 100));
  }

  /**
   * The default store bounded in frames and in bytes, per routing key and in all, with a
   * per-sender share (issue 12, decision 0059): one sender may hold at most {@code
   * senderSharePercent} of a key's bounds (frames and bytes) and of the total bytes, so one
   * flooding sender neither fills a recipient's queue for the others nor the relay's memory.
   *
   * @param senderSharePercent 1..100
   */
  static MessageQueue inMemory(int maxPerKey, int maxTotal, long maxBytesPerKey, long maxBytesTotal,
      int senderSharePercent) {
    return new InMemoryMessageQueue(new InMemoryMessageQueue.Bounds(
        maxPerKey, maxTotal, maxBytesPerKey, maxBytesTotal, senderSharePercent));
  }
}
