package org.anp.meta.internal.session;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
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
 * returns; its late answer is dropped. Thread-safe.
 */
final class CapabilityWatchdog {
  private final Duration timeout;

  CapabilityWatchdog(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * Runs {@code call} here; exactly one of {@code reply} (its result) or {@code failure} (a
   * {@link MetaProtocolException} it threw, {@code CAPABILITY_FAILED} for any other exception,
   * {@code CAPABILITY_TIMEOUT} past the limit) runs, once.
   */
  void run(Supplier<byte[]> call, Consumer<byte[]> reply, Consumer<MetaProtocolException> failure) {
    AtomicBoolean answered = new AtomicBoolean();
    Call running = new Call(Thread.currentThread());
    Executor later = CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS, Runnable::run);
    later.execute(() -> {
      if (answered.compareAndSet(false, true)) {
        running.interrupt();
        failure.accept(new MetaProtocolException(
            MetaProtocolError.CAPABILITY_TIMEOUT, "the capability did not answer within " + timeout));
      }
    });
    byte[] result;
    try {
      result = call.get();
    } catch (MetaProtocolException e) {
      running.end(answered, () -> failure.accept(e));
      return;
    } catch (RuntimeException e) {
      running.end(answered, () -> failure.accept(new MetaProtocolException(
          MetaProtocolError.CAPABILITY_FAILED, "the handler threw " + e.getClass().getSimpleName(), e)));
      return;
    }
    running.end(answered, () -> reply.accept(result));
  }

  /** One call in progress: the watchdog interrupts its thread only while it runs. */
  private static final class Call {
    private final Thread thread;
    private boolean running = true;

    Call(Thread thread) {
      this.thread = thread;
    }

    synchronized void interrupt() {
      if (running) {
        thread.interrupt();
      }
    }

    /** On the call's thread, once it returned: answers, unless the watchdog already did. */
    void end(AtomicBoolean answered, Runnable answer) {
      synchronized (this) {
        running = false;
      }
      if (answered.compareAndSet(false, true)) {
        answer.run();
      } else {
        Thread.interrupted(); // the watchdog's interrupt is spent: it must not reach the next task
      }
    }
  }
}
