package org.anp.transport.internal.relay;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.anp.transport.relay.MessageQueue;
import org.anp.transport.relay.QueuedFrame;

/** The default {@link MessageQueue}: per-key FIFO queues in memory, bounded per key and in total. Thread-safe. */
public final class InMemoryMessageQueue implements MessageQueue {
  private final int maxPerKey;
  private final int maxTotal;
  private final Map<String, ArrayDeque<QueuedFrame>> queues = new HashMap<>();
  private int total;

  public InMemoryMessageQueue(int maxPerKey, int maxTotal) {
    if (maxPerKey < 1 || maxTotal < 1) {
      throw new IllegalArgumentException("queue bounds must be positive");
    }
    this.maxPerKey = maxPerKey;
    this.maxTotal = maxTotal;
  }

  @Override
  public synchronized boolean offer(QueuedFrame frame) {
    ArrayDeque<QueuedFrame> queue = queues.computeIfAbsent(frame.key(), k -> new ArrayDeque<>());
    if (queue.size() >= maxPerKey || total >= maxTotal) {
      if (queue.isEmpty()) {
        queues.remove(frame.key());
      }
      return false;
    }
    queue.addLast(frame);
    total++;
    return true;
  }

  @Override
  public synchronized List<QueuedFrame> requeue(String key, List<QueuedFrame> frames) {
    ArrayDeque<QueuedFrame> queue = queues.get(key);
    int waiting = queue == null ? 0 : queue.size();
    int room = Math.max(0, Math.min(maxPerKey - waiting, maxTotal - total));
    int taken = Math.min(room, frames.size());
    if (taken > 0) {
      ArrayDeque<QueuedFrame> target = queues.computeIfAbsent(key, k -> new ArrayDeque<>());
      for (int i = taken - 1; i >= 0; i--) {
        target.addFirst(frames.get(i));
      }
      total += taken;
    }
    return List.copyOf(frames.subList(taken, frames.size()));
  }

  @Override
  public synchronized List<QueuedFrame> poll(String key, int max) {
    ArrayDeque<QueuedFrame> queue = queues.get(key);
    List<QueuedFrame> out = new ArrayList<>();
    while (queue != null && !queue.isEmpty() && out.size() < max) {
      out.add(queue.pollFirst());
    }
    if (queue != null && queue.isEmpty()) {
      queues.remove(key);
    }
    total -= out.size();
    return out;
  }

  @Override
  public synchronized boolean isEmpty(String key) {
    return !queues.containsKey(key);
  }

  @Override
  public synchronized List<QueuedFrame> expire(Instant now) {
    List<QueuedFrame> out = new ArrayList<>();
    Iterator<ArrayDeque<QueuedFrame>> it = queues.values().iterator();
    while (it.hasNext()) {
      ArrayDeque<QueuedFrame> queue = it.next();
      // Frames of one key may carry different TTLs only if the TTL setting changed; scan them all.
      Iterator<QueuedFrame> frames = queue.iterator();
      while (frames.hasNext()) {
        QueuedFrame f = frames.next();
        if (!f.expiresAt().isAfter(now)) {
          out.add(f);
          frames.remove();
        }
      }
      if (queue.isEmpty()) {
        it.remove();
      }
    }
    total -= out.size();
    return out;
  }

  @Override
  public synchronized List<QueuedFrame> drainAll() {
    List<QueuedFrame> out = new ArrayList<>(total);
    for (ArrayDeque<QueuedFrame> queue : queues.values()) {
      out.addAll(queue);
    }
    queues.clear();
    total = 0;
    return out;
  }

  @Override
  public synchronized int size() {
    return total;
  }
}
