package org.anp.transport.internal.relay;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's calls into a cluster store about frames taken from it (acknowledge, hand back,
 * answer the sender), made in order on one thread of their own: never on an I/O thread and never
 * under the core's lock. A store that is slow or stalled (jnats waits up to seconds for room in
 * its write queue on every publish) then delays only these calls, which the store repeats on its
 * own if they never come (redelivery), instead of stopping every connection of the relay. The
 * thread exists only while there is work. Thread-safe.
 */
final class StoreCalls {
  private static final Logger log = LoggerFactory.getLogger(StoreCalls.class);
  private static final AtomicInteger IDS = new AtomicInteger();

  private final ThreadPoolExecutor thread;

  StoreCalls() {
    String name = "anp-relay-store-calls-" + IDS.incrementAndGet();
    this.thread = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    this.thread.allowCoreThreadTimeOut(true);
  }

  /** Runs {@code call} after the calls before it; after {@link #close(Duration)} on the calling thread. */
  void run(Runnable call) {
    Runnable guarded = () -> {
      try {
        call.run();
      } catch (RuntimeException e) {
        log.warn("relay: a call into the cluster store failed; the store delivers the frame again", e);
      }
    };
    try {
      thread.execute(guarded);
    } catch (RejectedExecutionException e) {
      guarded.run();
    }
  }

  /**
   * Lets the calls already made run (waiting for them up to {@code wait}, so that they reach the
   * store before it is closed); later calls run on their caller's thread.
   */
  void close(Duration wait) {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        log.debug("relay: {} calls into the cluster store still waiting at shutdown", waiting());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Calls waiting for the thread (for tests and the shutdown log). */
  int waiting() {
    return thread.getQueue().size();
  }
}
