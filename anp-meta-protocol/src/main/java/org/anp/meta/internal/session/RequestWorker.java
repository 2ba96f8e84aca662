package org.anp.meta.internal.session;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;

/**
 * Runs a provider's application requests one at a time, in the order received, off the agent's
 * thread and each within a time limit: a capability that hangs neither stops the agent nor goes
 * unanswered. A call past the limit is answered as {@code CAPABILITY_TIMEOUT}, its thread is
 * interrupted and abandoned, and the requests behind it move to a new thread, so replies keep the
 * order of the requests. Thread-safe.
 */
final class RequestWorker implements AutoCloseable {
  private final Duration timeout;
  private final ScheduledExecutorService timers;
  private final String threadName;
  private ExecutorService worker;
  private boolean closed;

  /**
   * @param timeout longest time one call may take
   * @param timers where the time limits are watched (the agent's thread)
   * @param threadName name of the worker threads
   */
  RequestWorker(Duration timeout, ScheduledExecutorService timers, String threadName) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.timers = Objects.requireNonNull(timers, "timers");
    this.threadName = Objects.requireNonNull(threadName, "threadName");
  }

  /**
   * Queues {@code call}; exactly one of {@code reply} (its result) or {@code failure} (a
   * {@link MetaProtocolException} it threw, {@code CAPABILITY_FAILED} for any other exception,
   * {@code CAPABILITY_TIMEOUT} past the limit) runs once, on the worker or the timer thread.
   * Nothing runs after {@link #close()}.
   */
  void submit(Supplier<byte[]> call, Consumer<byte[]> reply, Consumer<MetaProtocolException> failure) {
    Task task = new Task(call, reply, failure);
    synchronized (this) {
      if (closed) {
        return;
      }
      executor().execute(task);
    }
  }

  private ExecutorService executor() {
    if (worker == null) {
      worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, threadName);
        t.setDaemon(true);
        return t;
      });
    }
    return worker;
  }

  /** The call of {@code stuck} ran out of time: later requests continue on a new thread. */
  private synchronized void abandon(ExecutorService stuck) {
    if (worker != stuck || closed) {
      return;
    }
    worker = null;
    List<Runnable> waiting = stuck.shutdownNow(); // interrupts the call
    waiting.forEach(executor()::execute);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (worker != null) {
      worker.shutdownNow();
      worker = null;
    }
  }

  private final class Task implements Runnable {
    private final Supplier<byte[]> call;
    private final Consumer<byte[]> reply;
    private final Consumer<MetaProtocolException> failure;
    private final AtomicBoolean answered = new AtomicBoolean();

    Task(Supplier<byte[]> call, Consumer<byte[]> reply, Consumer<MetaProtocolException> failure) {
      this.call = call;
      this.reply = reply;
      this.failure = failure;
    }

    @Override
    public void run() {
      ExecutorService runningOn;
      synchronized (RequestWorker.this) {
        runningOn = worker;
      }
      ScheduledFuture<?> watch;
      try {
        watch = timers.schedule(() -> timedOut(runningOn), timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        return; // the agent is closed
      }
      byte[] result;
      try {
        result = call.get();
      } catch (MetaProtocolException e) {
        watch.cancel(false);
        if (answered.compareAndSet(false, true)) {
          failure.accept(e);
        }
        return;
      } catch (RuntimeException e) {
        watch.cancel(false);
        if (answered.compareAndSet(false, true)) {
          failure.accept(new MetaProtocolException(
              MetaProtocolError.CAPABILITY_FAILED, "the handler threw " + e.getClass().getSimpleName(), e));
        }
        return;
      }
      watch.cancel(false);
      if (answered.compareAndSet(false, true)) {
        reply.accept(result);
      }
    }

    private void timedOut(ExecutorService runningOn) {
      if (answered.compareAndSet(false, true)) {
        failure.accept(new MetaProtocolException(
            MetaProtocolError.CAPABILITY_TIMEOUT, "the capability did not answer within " + timeout));
        abandon(runningOn);
      }
    }
  }
}
