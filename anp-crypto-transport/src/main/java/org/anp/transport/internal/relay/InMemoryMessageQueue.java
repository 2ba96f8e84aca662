package org.anp.transport.internal.relay;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.anp.transport.relay.MessageQueue;
import org.anp.transport.relay.QueuedFrame;

/**
 * The default {@link MessageQueue}: per-key FIFO queues in memory, bounded in frames and bytes
 * per key and in total, with a per-sender share of each key's bounds and of the total bytes
 * (decision 0059). Thread-safe.
 */
public final class InMemoryMessageQueue implements MessageQueue {
  /**
   * The bounds.
   *
   * @param maxPerKey the most frames per routing key
   * @param maxTotal the most frames in all
   * @param maxBytesPerKey the most frame bytes per routing key
   * @param maxBytesTotal the most frame bytes in all
   * @param senderSharePercent the share (1..100) of a key's bounds, and of the total bytes, one
   *     sender may hold
   */
  public record Bounds(int maxPerKey, int maxTotal, long maxBytesPerKey, long maxBytesTotal, int senderSharePercent) {
    public Bounds {
      if (maxPerKey < 1 || maxTotal < 1 || maxBytesPerKey < 1 || maxBytesTotal < 1) {
        throw new IllegalArgumentException("queue bounds must be positive");
      }
      if (senderSharePercent < 1 || senderSharePercent > 100) {
        throw new IllegalArgumentException("senderSharePercent must be 1..100: " + senderSharePercent);
      }
    }

    long share(long bound) {
      return senderSharePercent == 100 ? bound : Math.max(1, bound / 100 * senderSharePercent + bound % 100 * senderSharePercent / 100);
    }
  }

  /** One key's frames and what each sender holds in them. */
  private static final class KeyQueue {
    final ArrayDeque<QueuedFrame> frames = new ArrayDeque<>();
    final Map<String, long[]> bySender = new HashMap<>();
    long bytes;

    void add(QueuedFrame f, boolean first) {
      if (first) {
        frames.addFirst(f);
      } else {
        frames.addLast(f);
      }
      bytes += f.size();
      long[] held = bySender.computeIfAbsent(f.sourceDid(), s -> new long[2]);
      held[0]++;
      held[1] += f.size();
    }

    void removed(QueuedFrame f) {
      bytes -= f.size();
      long[] held = bySender.get(f.sourceDid());
      if (held != null && --held[0] == 0) {
        bySender.remove(f.sourceDid());
      } else if (held != null) {
        held[1] -= f.size();
      }
    }
  }

  private final Bounds bounds;
  private final Map<String, KeyQueue> queues = new HashMap<>();
  private final Map<String, Long> bytesBySender = new HashMap<>();
  private int total;
  private long totalBytes;

  public InMemoryMessageQueue(Bounds bounds) {
    this.bounds = bounds;
  }

  @Override
  public boolean offer(QueuedFrame frame) {
    return tryOffer(frame).isEmpty();
  }

  @Override
  public synchronized Optional<String> tryOffer(QueuedFrame frame) {
    KeyQueue queue = queues.get(frame.key());
    int frames = queue == null ? 0 : queue.frames.size();
    long bytes = queue == null ? 0 : queue.bytes;
    long[] sender = queue == null ? null : queue.bySender.get(frame.sourceDid());
    long senderFrames = sender == null ? 0 : sender[0];
    long senderBytes = sender == null ? 0 : sender[1];
    long senderTotal = bytesBySender.getOrDefault(frame.sourceDid(), 0L);
    int size = frame.size();
    if (frames >= bounds.maxPerKey()) {
      return Optional.of("destination queue full (" + frames + " of " + bounds.maxPerKey() + " frames)");
    }
    if (bytes + size > bounds.maxBytesPerKey()) {
      return Optional.of("destination queue full (" + bytes + " of " + bounds.maxBytesPerKey() + " bytes)");
    }
    if (senderFrames >= bounds.share(bounds.maxPerKey()) || senderBytes + size > bounds.share(bounds.maxBytesPerKey())) {
      return Optional.of("destination queue full for this sender (its share: " + senderFrames + " frames, "
          + senderBytes + " bytes of " + bounds.senderSharePercent() + "% of the queue)");
    }
    if (total >= bounds.maxTotal() || totalBytes + size > bounds.maxBytesTotal()) {
      return Optional.of("relay queue full (" + total + " frames, " + totalBytes + " of " + bounds.maxBytesTotal() + " bytes)");
    }
    if (senderTotal + size > bounds.share(bounds.maxBytesTotal())) {
      return Optional.of("relay queue full for this sender (" + senderTotal + " bytes queued, its share "
          + bounds.share(bounds.maxBytesTotal()) + ")");
    }
    queues.computeIfAbsent(frame.key(), k -> new KeyQueue()).add(frame, false);
    added(frame);
    return Optional.empty();
  }

  @Override
  public synchronized List<QueuedFrame> requeue(String key, List<QueuedFrame> frames) {
    KeyQueue queue = queues.get(key);
    int waiting = queue == null ? 0 : queue.frames.size();
    long waitingBytes = queue == null ? 0 : queue.bytes;
    int room = Math.max(0, Math.min(bounds.maxPerKey() - waiting, bounds.maxTotal() - total));
    int taken = 0;
    long takenBytes = 0;
    // Frames already accepted once go back without the sender share, but within the byte bounds.
    while (taken < Math.min(room, frames.size())) {
      long next = frames.get(taken).size();
      if (waitingBytes + takenBytes + next > bounds.maxBytesPerKey() || totalBytes + takenBytes + next > bounds.maxBytesTotal()) {
        break;
      }
      takenBytes += next;
      taken++;
    }
    if (taken > 0) {
      KeyQueue target = queues.computeIfAbsent(key, k -> new KeyQueue());
      for (int i = taken - 1; i >= 0; i--) {
        target.add(frames.get(i), true);
        added(frames.get(i));
      }
    }
    return List.copyOf(frames.subList(taken, frames.size()));
  }

  @Override
  public synchronized List<QueuedFrame> poll(String key, int max) {
    KeyQueue queue = queues.get(key);
    List<QueuedFrame> out = new ArrayList<>();
    while (queue != null && !queue.frames.isEmpty() && out.size() < max) {
      QueuedFrame f = queue.frames.pollFirst();
      queue.removed(f);
      removed(f);
      out.add(f);
    }
    if (queue != null && queue.frames.isEmpty()) {
      queues.remove(key);
    }
    return out;
  }

  @Override
  public synchronized boolean isEmpty(String key) {
    return !queues.containsKey(key);
  }

  @Override
  public synchronized List<QueuedFrame> expire(Instant now) {
    List<QueuedFrame> out = new ArrayList<>();
    Iterator<KeyQueue> it = queues.values().iterator();
    while (it.hasNext()) {
      KeyQueue queue = it.next();
      // Frames of one key may carry different TTLs only if the TTL setting changed; scan them all.
      Iterator<QueuedFrame> frames = queue.frames.iterator();
      while (frames.hasNext()) {
        QueuedFrame f = frames.next();
        if (!f.expiresAt().isAfter(now)) {
          out.add(f);
          frames.remove();
          queue.removed(f);
          removed(f);
        }
      }
      if (queue.frames.isEmpty()) {
        it.remove();
      }
    }
    return out;
  }

  @Override
  public synchronized List<QueuedFrame> drainAll() {
    List<QueuedFrame> out = new ArrayList<>(total);
    for (KeyQueue queue : queues.values()) {
      out.addAll(queue.frames);
    }
    queues.clear();
    bytesBySender.clear();
    total = 0;
    totalBytes = 0;
    return out;
  }

  @Override
  public synchronized int size() {
    return total;
  }

  @Override
  public synchronized long bytes() {
    return totalBytes;
  }

  private void added(QueuedFrame f) {
    total++;
    totalBytes += f.size();
    bytesBySender.merge(f.sourceDid(), (long) f.size(), Long::sum);
  }

  private void removed(QueuedFrame f) {
    total--;
    totalBytes -= f.size();
    bytesBySender.computeIfPresent(f.sourceDid(), (k, v) -> v - f.size() > 0 ? v - f.size() : null);
  }
}
