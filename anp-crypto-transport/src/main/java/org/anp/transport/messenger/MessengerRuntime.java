package org.anp.transport.messenger;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Threads that many {@link AgentMessenger}s in one JVM share instead of owning three each: a
 * small pool that runs every messenger's loop, timers and callbacks (each messenger keeps its own
 * order on it), and one Netty event-loop group for their WebSocket connections. N agents then cost
 * the runtime's few threads, not 3N.
 *
 * <pre>{@code
 * try (MessengerRuntime shared = MessengerRuntime.create(2, 1)) {
 *   AgentMessenger a = AgentMessenger.builder().identity(me).relay(uri).runtime(shared).build();
 *   ...
 * }
 * }</pre>
 *
 * <p>The runtime belongs to whoever created it: closing a messenger leaves it running for the
 * others, and {@link #close()} stops its threads (close the messengers on it first; their
 * connections drop with it). Listeners of messengers on a runtime must not block for long: they
 * hold a thread that other messengers need. Thread-safe.
 */
public final class MessengerRuntime implements AutoCloseable {
  private final ScheduledThreadPoolExecutor executor;
  private final EventLoopGroup group;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MessengerRuntime(int workers, int ioThreads) {
    executor = new ScheduledThreadPoolExecutor(workers, new DefaultThreadFactory("anp-messenger-shared", true));
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    group = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("anp-ws-shared", true), NioIoHandler.newFactory());
  }

  /**
   * A runtime with {@code workers} threads for the messengers' loops, timers and callbacks and
   * {@code ioThreads} for their connections (1 and 1 carry a hundred agents on two cores).
   *
   * @throws IllegalArgumentException if either is below 1
   */
  public static MessengerRuntime create(int workers, int ioThreads) {
    if (workers < 1 || ioThreads < 1) {
      throw new IllegalArgumentException("MessengerRuntime: need at least one thread of each kind, got "
          + workers + " and " + ioThreads);
    }
    return new MessengerRuntime(workers, ioThreads);
  }

  ScheduledExecutorService executor() {
    return executor;
  }

  EventLoopGroup eventLoopGroup() {
    return group;
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed.get();
  }

  /** Stops the threads; messengers still on the runtime lose their connections and timers. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      executor.shutdownNow();
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
  }
}
