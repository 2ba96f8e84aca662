package org.anp.transport.internal.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.anp.transport.relay.MessageQueue;
import org.anp.transport.relay.QueuedFrame;

/**
 * The relay's store-and-forward bookkeeping around the {@link MessageQueue} seam (decisions 0004,
 * 0006 and 0010): frame ids, each queued frame's TTL, the connection its final status goes to,
 * and which {@code (sourceDid, messageId)} wait, so that a sender's resend of a waiting frame is
 * kept once. The queue itself may be any {@code MessageQueue} (in memory, or a cluster's store).
 * No I/O; times are passed in. Not thread-safe: the relay core guards it with its lock.
 *
 * @param <C> the connection handle
 */
final class WaitingFrames<C> {
  /** What became of a frame offered to the queue. */
  enum Offer {
    /** Queued; its sender is answered 202. */
    QUEUED,
    /** A copy already waits; the final status goes to the latest sender's connection. */
    ALREADY_WAITING,
    /** The queue (or the store) is full: 503. */
    FULL
  }

  /** An offer's outcome and, for {@link Offer#FULL}, the bound it would pass. */
  record Offered(Offer outcome, String detail) {
    static final Offered QUEUED = new Offered(Offer.QUEUED, "");
    static final Offered ALREADY_WAITING = new Offered(Offer.ALREADY_WAITING, "");
  }

  private final MessageQueue queue;
  private final Duration ttl;
  private final AtomicLong ids = new AtomicLong();
  /** Where the final status of a waiting frame goes, by frame id. */
  private final Map<Long, C> origins = new HashMap<>();
  /** The id of each waiting frame by {@link AcknowledgementLedger#key}. */
  private final Map<String, Long> waiting = new HashMap<>();

  WaitingFrames(MessageQueue queue, Duration ttl) {
    this.queue = queue;
    this.ttl = ttl;
  }

  /** A new frame for routing key {@code key}, with a fresh id and its TTL from {@code now}. */
  QueuedFrame frame(String key, String sourceDid, String destinationDid, String type, String messageId,
      byte[] bytes, Instant now) {
    return new QueuedFrame(ids.incrementAndGet(), key, sourceDid, destinationDid, type, messageId, bytes, now.plus(ttl));
  }

  /** Queues a routed frame whose final status goes to {@code origin}, unless a copy waits already. */
  Offered offer(QueuedFrame f, C origin) {
    String k = AcknowledgementLedger.key(f.sourceDid(), f.messageId());
    Long already = waiting.get(k);
    if (already != null) {
      origins.put(already, origin);
      return Offered.ALREADY_WAITING;
    }
    Optional<String> refused = queue.tryOffer(f);
    if (refused.isPresent()) {
      return new Offered(Offer.FULL, refused.get());
    }
    origins.put(f.id(), origin);
    waiting.put(k, f.id());
    return Offered.QUEUED;
  }

  /**
   * Queues an end-to-end {@code response} (no status, no origin; decision 0010): empty, or why
   * it was refused.
   */
  Optional<String> offerResponse(QueuedFrame f) {
    return queue.tryOffer(f);
  }

  /** Frame bytes waiting, or -1 if the store does not tell. */
  long bytes() {
    return queue.bytes();
  }

  boolean isEmpty(String key) {
    return queue.isEmpty(key);
  }

  /** The oldest frame waiting for {@code key}, removed; it no longer counts as waiting. */
  Optional<QueuedFrame> poll(String key) {
    List<QueuedFrame> polled = queue.poll(key, 1);
    if (polled.isEmpty()) {
      return Optional.empty();
    }
    QueuedFrame f = polled.get(0);
    waiting.remove(AcknowledgementLedger.key(f.sourceDid(), f.messageId()), f.id());
    return Optional.of(f);
  }

  /**
   * Puts frames back at the head of {@code key}'s queue in their order (decision 0006); returns
   * the ids of those that did not fit. The ones back count as waiting again.
   */
  Set<Long> requeue(String key, List<QueuedFrame> frames) {
    Set<Long> refused = new HashSet<>();
    queue.requeue(key, frames).forEach(f -> refused.add(f.id()));
    for (QueuedFrame f : frames) {
      if (!refused.contains(f.id())) {
        waiting.put(AcknowledgementLedger.key(f.sourceDid(), f.messageId()), f.id());
      }
    }
    return refused;
  }

  /** Sends the final status of waiting frame {@code id} to {@code origin}. */
  void rememberOrigin(long id, C origin) {
    origins.put(id, origin);
  }

  /** Where the final status of frame {@code id} goes, forgotten as it is taken. */
  Optional<C> takeOrigin(long id) {
    return Optional.ofNullable(origins.remove(id));
  }

  /** Frames past their TTL at {@code now}, removed. */
  List<QueuedFrame> expire(Instant now) {
    List<QueuedFrame> expired = queue.expire(now);
    expired.forEach(f -> waiting.remove(AcknowledgementLedger.key(f.sourceDid(), f.messageId()), f.id()));
    return expired;
  }

  /** Every frame, removed (shutdown). */
  List<QueuedFrame> drainAll() {
    waiting.clear();
    return queue.drainAll();
  }

  int size() {
    return queue.size();
  }
}
