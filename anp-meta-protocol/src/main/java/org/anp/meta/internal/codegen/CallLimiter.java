package org.anp.meta.internal.codegen;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;

/**
 * Runs generated code on a bounded pool of daemon threads ({@code threads} workers, a queue of
 * {@code 4 × threads}; beyond that a call is refused as busy), each call under a time limit that
 * starts when a worker picks it up. A call past its limit is abandoned: the caller gets
 * {@link Overrun}, the worker is interrupted and the injected {@link CallGuard} stops the code
 * at its next check. Thread-safe.
 */
public final class CallLimiter implements AutoCloseable {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final ThreadPoolExecutor pool;

  public CallLimiter(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads: " + threads);
    }
    int id = POOLS.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(4 * threads), r -> {
          Thread t = new Thread(r, "anp-generated-code-" + id + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.AbortPolicy());
  }

  /** A call that ran past its limit and was abandoned. */
  public static final class Overrun extends Exception {
    private static final long serialVersionUID = 1L;

    Overrun(Duration limit) {
      super("ran past its time limit of " + limit.toMillis() + " ms", null, false, false);
    }
  }

  /**
   * Runs {@code task} with {@code limit}.
   *
   * @throws Overrun if it ran past the limit
   * @throws Exception whatever the task threw
   * @throws MetaProtocolException {@code CAPABILITY_FAILED} if every worker and queue slot is
   *     taken, or no worker picked the call up within the limit
   */
  public <T> T call(Callable<T> task, Duration limit) throws Exception {
    long nanos = limit.toNanos();
    CompletableFuture<Void> started = new CompletableFuture<>();
    Future<T> future;
    try {
      future = pool.submit(() -> {
        started.complete(null);
        return CallGuard.within(nanos, task);
      });
    } catch (RejectedExecutionException e) {
      throw busy();
    }
    try {
      started.get(nanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw busy();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw e;
    }
    try {
      return future.get(nanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new Overrun(limit);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof CallGuard.CallOverrun) {
        throw new Overrun(limit);
      }
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw new MetaProtocolException(MetaProtocolError.CAPABILITY_FAILED,
          "generated code failed: " + cause.getClass().getSimpleName(), cause);
    }
  }

  private static MetaProtocolException busy() {
    return new MetaProtocolException(MetaProtocolError.CAPABILITY_FAILED, "generated code: every worker is busy");
  }

  /** Workers that are running a call now (for tests and metrics). */
  public int activeCalls() {
    return pool.getActiveCount();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
