package org.anp.meta.internal.session;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;

/**
 * Runs a provider's application request on the calling thread (the agent's: no hand-off on the
 * way to the capability, issue 14 row B) under a time limit watched from elsewhere: past the
 * limit the request is answered as {@code CAPABILITY_TIMEOUT} at once, from the JDK's delay
 * thread, and the calling thread is interrupted so that a capability blocked in an interruptible
 * wait returns. A capability that ignores the interrupt keeps the agent's thread until it
 * returns; its late answer is dropped.
 *
 * <p>Calls run one at a time (on the agent's thread), so one check watches them all: it is
 * scheduled only when none is, fires at the deadline of the call that armed it (or a timeout
 * after {@link #prime()}), and then either times out the call still running past its deadline or
 * re-arms for the call running now; with no call running it lapses. A request therefore schedules nothing while a check is pending
 * (issue 14: no timer per request). Thread-safe.
 */
final class CapabilityWatchdog {
  private final Duration timeout;
  private final long timeoutNanos;
  /** The call running now; null between calls. */
  private volatile Call current;
  /** Whether a check is scheduled on the delay thread. */
  private final AtomicBoolean armed = new AtomicBoolean();

  CapabilityWatchdog(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.timeoutNanos = timeout.toNanos();
  }

  /**
   * Arms the check ahead of the calls, when a protocol becomes ready to serve (decision record
   * 0090): the first request then finds it armed and schedules nothing. With no call running
   * when it fires, the check lapses as usual. Any thread.
   */
  void prime() {
    if (!armed.get() && armed.compareAndSet(false, true)) {
      checkAfter(timeoutNanos);
    }
  }

  /**
   * Runs {@code call} here; exactly one of {@code reply} (its result) or {@code failure} (a
   * {@link MetaProtocolException} it threw, {@code CAPABILITY_FAILED} for any other exception,
   * {@code CAPABILITY_TIMEOUT} past the limit) runs, once. Not re-entrant: one call at a time.
   */
  void run(Supplier<byte[]> call, Consumer<byte[]> reply, Consumer<MetaProtocolException> failure) {
    Call running = new Call(Thread.currentThread(), System.nanoTime() + timeoutNanos, failure);
    current = running;
    prime();
    byte[] result;
    try {
      result = call.get();
    } catch (MetaProtocolException e) {
      finish(running, () -> failure.accept(e));
      return;
    } catch (RuntimeException e) {
      finish(running, () -> failure.accept(new MetaProtocolException(
          MetaProtocolError.CAPABILITY_FAILED, "the handler threw " + e.getClass().getSimpleName(), e)));
      return;
    }
    finish(running, () -> reply.accept(result));
  }

  private void finish(Call running, Runnable answer) {
    current = null;
    running.end(answer);
  }

  private void checkAfter(long nanos) {
    CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS, Runnable::run).execute(this::check);
  }

  /** On the delay thread: times out the call past its deadline, or re-arms for the one running. */
  private void check() {
    Call c = current;
    if (c != null && c.deadlineNanos - System.nanoTime() > 0) {
      checkAfter(c.deadlineNanos - System.nanoTime());
      return;
    }
    if (c != null) {
      c.timeOut(timeout);
    }
    armed.set(false);
    // A call that started after the read above and found the check still armed is watched here.
    Call next = current;
    if (next != null && next != c && armed.compareAndSet(false, true)) {
      checkAfter(Math.max(0, next.deadlineNanos - System.nanoTime()));
    }
  }

  /** One call: answered once, by its thread when it returns or by the check past its deadline. */
  private static final class Call {
    private final Thread thread;
    private final long deadlineNanos;
    private final Consumer<MetaProtocolException> failure;
    private boolean running = true;
    private boolean answered;

    Call(Thread thread, long deadlineNanos, Consumer<MetaProtocolException> failure) {
      this.thread = thread;
      this.deadlineNanos = deadlineNanos;
      this.failure = failure;
    }

    /** Past the deadline: answers with a timeout and interrupts the thread, if still running. */
    void timeOut(Duration timeout) {
      synchronized (this) {
        if (!running || answered) {
          return;
        }
        answered = true;
        thread.interrupt();
      }
      failure.accept(new MetaProtocolException(
          MetaProtocolError.CAPABILITY_TIMEOUT, "the capability did not answer within " + timeout));
    }

    /** On the call's thread, once it returned: answers, unless the check already did. */
    void end(Runnable answer) {
      boolean ours;
      synchronized (this) {
        running = false;
        ours = !answered;
        answered = true;
      }
      if (ours) {
        answer.run();
      } else {
        Thread.interrupted(); // the check's interrupt is spent: it must not reach the next task
      }
    }
  }
}
