package org.anp.identity.internal.resolve;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Admits document fetches (issue 12, attack 6; decision 0044): at most {@code maxPerHost} run to
 * one host and {@code maxTotal} in all; a fetch that cannot start waits in one FIFO queue of at
 * most {@code maxQueued} entries, and is refused when that is full too. A finished fetch starts
 * the oldest waiting one that now fits. Tasks run outside the lock. Thread-safe.
 */
final class FetchScheduler {
  private final int maxPerHost;
  private final int maxTotal;
  private final int maxQueued;
  private final Map<String, Integer> running = new HashMap<>();
  private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
  private int total;

  private record Waiting(String host, Runnable task) {}

  FetchScheduler(int maxPerHost, int maxTotal, int maxQueued) {
    this.maxPerHost = maxPerHost;
    this.maxTotal = maxTotal;
    this.maxQueued = maxQueued;
  }

  /**
   * Runs {@code task} now, or queues it.
   *
   * @return {@code false} if it was refused (nothing runs); the caller must call {@link #done}
   *     once for each admitted task, when it ends
   */
  boolean submit(String host, Runnable task) {
    synchronized (this) {
      if (!fits(host)) {
        if (queue.size() >= maxQueued) {
          return false;
        }
        queue.add(new Waiting(host, task));
        return true;
      }
      start(host);
    }
    task.run();
    return true;
  }

  /** Ends one admitted task to {@code host} and starts the next waiting one that fits. */
  void done(String host) {
    Runnable next = null;
    synchronized (this) {
      total--;
      running.computeIfPresent(host, (h, n) -> n <= 1 ? null : n - 1);
      for (Iterator<Waiting> it = queue.iterator(); it.hasNext(); ) {
        Waiting w = it.next();
        if (fits(w.host())) {
          it.remove();
          start(w.host());
          next = w.task();
          break;
        }
      }
    }
    if (next != null) {
      next.run();
    }
  }

  private boolean fits(String host) {
    return total < maxTotal && running.getOrDefault(host, 0) < maxPerHost;
  }

  private void start(String host) {
    total++;
    running.merge(host, 1, Integer::sum);
  }
}
