package org.anp.transport.internal.messenger;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs tasks one at a time, in submission order, on a backing executor that may be shared with
 * other messengers: N messengers on one pool keep each its own order without a thread each.
 * After {@link #shutdown()} new tasks are refused; tasks already queued still run. Thread-safe.
 */
final class SerialExecutor implements Executor {
  private final Executor backing;
  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private boolean running;
  private boolean shutdown;
  private volatile Thread runner;

  SerialExecutor(Executor backing) {
    this.backing = backing;
  }

  @Override
  public void execute(Runnable task) {
    synchronized (tasks) {
      if (shutdown) {
        throw new RejectedExecutionException("serial executor shut down");
      }
      tasks.add(task);
      if (running) {
        return;
      }
      running = true;
    }
    try {
      backing.execute(this::drain);
    } catch (RejectedExecutionException e) {
      synchronized (tasks) {
        tasks.remove(task);
        running = false;
      }
      throw e;
    }
  }

  /** Whether the calling thread is running one of this executor's tasks. */
  boolean inTask() {
    return runner == Thread.currentThread();
  }

  void shutdown() {
    synchronized (tasks) {
      shutdown = true;
    }
  }

  private void drain() {
    runner = Thread.currentThread();
    try {
      // A bounded batch, then the backing pool's other users get a turn.
      for (int i = 0; i < 256; i++) {
        Runnable next;
        synchronized (tasks) {
          next = tasks.poll();
          if (next == null) {
            running = false;
            return;
          }
        }
        next.run();
      }
    } finally {
      runner = null;
    }
    try {
      backing.execute(this::drain);
    } catch (RejectedExecutionException e) {
      synchronized (tasks) {
        tasks.clear();
        running = false;
      }
    }
  }
}
