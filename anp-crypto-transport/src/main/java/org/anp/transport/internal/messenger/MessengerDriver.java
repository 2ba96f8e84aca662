package org.anp.transport.internal.messenger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.anp.identity.did.Did;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.e2e.ReceivedMessage;
import org.anp.transport.e2e.SessionEstablished;
import org.anp.transport.e2e.SourceHello;
import org.anp.transport.messenger.SendResult;
import org.anp.transport.relay.RelayFrame;
import org.anp.transport.relay.RelayFrames;
import org.anp.transport.relay.RoutedFrame;
import org.anp.transport.spi.MessageTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a {@link MessengerEngine}: owns the relay connection and the threads, feeds the engine
 * its events on one serial loop, carries out the effects it returns, and wakes it at its next
 * deadline. Application callbacks run on the callback executor, one at a time, in the order the
 * engine produced them, so per-sender order survives to the application.
 *
 * <p>The loop runs on a {@link SerialExecutor} over a scheduler that is either the messenger's own
 * (one thread) or shared by several messengers; likewise the callbacks (default: the messenger's
 * own thread, or a serial executor over a shared scheduler). Thread-safe.
 */
public final class MessengerDriver {
  private static final Logger log = LoggerFactory.getLogger(MessengerDriver.class);
  private static final AtomicInteger IDS = new AtomicInteger();
  /** Inbound frames handled per loop task before timers and sends get a turn. */
  private static final int DRAIN_BATCH = 64;

  private final MessengerSettings s;
  private final MessengerEngine engine;
  private final ScheduledExecutorService scheduler;
  private final boolean ownsScheduler;
  private final SerialExecutor loop;
  private final Executor callbacks;
  private final Optional<ExecutorService> ownedCallbacks;
  private final List<Consumer<ReceivedMessage>> messageListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<SendResult>> updateListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<SessionEstablished>> sessionListeners = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private final InboundQueue inbound = new InboundQueue();
  private final AtomicBoolean drainPosted = new AtomicBoolean();
  /** Written by the transport's thread on every frame, read on the loop before each tick. */
  private volatile Instant lastInbound = Instant.EPOCH;
  // Loop-confined.
  private Optional<MessageTransport.Connection> connection = Optional.empty();
  private ScheduledFuture<?> wake;
  private Instant wakeAt;

  public MessengerDriver(MessengerSettings settings) {
    this.s = settings;
    this.engine = MessengerEngine.of(settings);
    int id = IDS.incrementAndGet();
    if (settings.executor().isPresent()) {
      this.scheduler = settings.executor().get();
      this.ownsScheduler = false;
    } else {
      ScheduledThreadPoolExecutor own = new ScheduledThreadPoolExecutor(1, daemon("anp-messenger-" + id));
      own.setRemoveOnCancelPolicy(true);
      own.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      this.scheduler = own;
      this.ownsScheduler = true;
    }
    this.loop = new SerialExecutor(scheduler);
    if (settings.callbackExecutor().isPresent()) {
      this.callbacks = settings.callbackExecutor().get();
      this.ownedCallbacks = Optional.empty();
    } else if (settings.executor().isPresent()) {
      this.callbacks = new SerialExecutor(scheduler);
      this.ownedCallbacks = Optional.empty();
    } else {
      ExecutorService own = Executors.newSingleThreadExecutor(daemon("anp-messenger-callbacks-" + id));
      this.callbacks = own;
      this.ownedCallbacks = Optional.of(own);
    }
    post(this::rescheduleWake, () -> { });
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  public Did localDid() {
    return s.identity().did();
  }

  public void onMessage(Consumer<ReceivedMessage> listener) {
    messageListeners.add(listener);
  }

  public void onDeliveryUpdate(Consumer<SendResult> listener) {
    updateListeners.add(listener);
  }

  public void onSessionEstablished(Consumer<SessionEstablished> listener) {
    sessionListeners.add(listener);
  }

  /** Connects and registers once; the future completes on the first successful registration. */
  public CompletableFuture<Void> start() {
    run(engine::start, () -> started.completeExceptionally(MessengerEngine.closedError()));
    return started.copy();
  }

  public CompletableFuture<SendResult> send(Did peerDid, byte[] payload) {
    CompletableFuture<SendResult> result = new CompletableFuture<>();
    byte[] copy = payload.clone();
    // base64 grows the payload by 4/3; the envelope adds well under 1 KiB.
    long frameEstimate = (copy.length + 2L) / 3 * 4 + 1024;
    if (frameEstimate > s.maxFrameBytes()) {
      result.completeExceptionally(new TransportException(TransportError.MESSAGE_TOO_LARGE,
          "payload: " + copy.length + " bytes do not fit the frame limit of " + s.maxFrameBytes()));
      return result;
    }
    String peer = peerDid.toString();
    run(() -> engine.send(peer, copy, result), () -> result.completeExceptionally(MessengerEngine.closedError()));
    return result;
  }

  /** Fails what is pending, closes the connection and stops the threads; waits up to 5 s. */
  public void close() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    post(() -> {
      apply(engine.close());
      if (wake != null) {
        wake.cancel(false);
      }
      done.complete(null);
    }, () -> done.complete(null));
    if (!loop.inTask()) {
      try {
        done.get(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        log.debug("messenger close did not finish in time", e);
      }
    }
    loop.shutdown();
    if (ownsScheduler) {
      scheduler.shutdown();
    }
    s.transport().close();
    ownedCallbacks.ifPresent(ExecutorService::shutdown);
  }

  // ---------------------------------------------------------------- the loop

  private void run(Supplier<List<Effect>> call, Runnable ifClosed) {
    post(() -> apply(call.get()), ifClosed);
  }

  private void post(Runnable task, Runnable ifClosed) {
    try {
      loop.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.error("messenger task failed", e);
        } finally {
          keepTimerAlive();
        }
      });
    } catch (RejectedExecutionException e) {
      ifClosed.run();
    }
  }

  /** Carries out the engine's effects in order, then sets the wake-up for its next deadline. */
  private void apply(List<Effect> effects) {
    for (Effect effect : effects) {
      if (effect instanceof Effect.Write w) {
        connection.ifPresent(c -> c.send(w.frame()).exceptionally(e -> {
          log.debug("write failed; the frame is resent after reconnect", e);
          return null;
        }));
      } else if (effect instanceof Effect.Connect c) {
        connect(c.generation());
      } else if (effect instanceof Effect.Disconnect) {
        connection.ifPresent(MessageTransport.Connection::close);
        connection = Optional.empty();
      } else if (effect instanceof Effect.Await a) {
        a.output().whenComplete((out, error) -> post(() -> apply(engine.resolved(a.token(), out, error)),
            () -> a.token().tail.complete(null)));
      } else if (effect instanceof Effect.Event event) {
        callbacks.execute(() -> dispatch(event));
      }
    }
    rescheduleWake();
  }

  /**
   * A task that failed half way (a bug) may have left no wake-up scheduled: without one, sends
   * would never time out and a lost connection would never be reopened.
   */
  private void keepTimerAlive() {
    if (wake == null) {
      try {
        rescheduleWake();
      } catch (RuntimeException e) {
        log.error("messenger timer could not be scheduled", e);
      }
    }
  }

  private void rescheduleWake() {
    Instant next = engine.nextDeadline();
    if (wake != null && wakeAt != null && !next.isBefore(wakeAt)) {
      return;
    }
    if (wake != null) {
      wake.cancel(false);
    }
    wakeAt = next;
    long delay = Math.max(0, Duration.between(s.clock().instant(), next).toNanos());
    try {
      wake = scheduler.schedule(() -> post(this::onWake, () -> { }), delay, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      wake = null; // shutting down
    }
  }

  private void onWake() {
    wake = null;
    wakeAt = null;
    engine.heard(lastInbound);
    apply(engine.tick(s.clock().instant()));
  }

  private void dispatch(Effect.Event event) {
    if (event instanceof Effect.SendCompleted c) {
      c.future().complete(c.result());
    } else if (event instanceof Effect.SendFailed f) {
      f.future().completeExceptionally(f.error());
    } else if (event instanceof Effect.Delivered d) {
      if (messageListeners.isEmpty()) {
        log.warn("message {} from {} dropped: no onMessage listener", d.message().messageId(), d.message().senderDid());
      }
      notifyAll(messageListeners, d.message(), "onMessage");
    } else if (event instanceof Effect.Updated u) {
      notifyAll(updateListeners, u.result(), "onDeliveryUpdate");
    } else if (event instanceof Effect.Established e) {
      notifyAll(sessionListeners, e.session(), "onSessionEstablished");
    } else if (event instanceof Effect.Started) {
      started.complete(null);
    } else if (event instanceof Effect.StartFailed f) {
      started.completeExceptionally(f.error());
    }
  }

  private static <T> void notifyAll(List<Consumer<T>> listeners, T event, String kind) {
    for (Consumer<T> l : listeners) {
      try {
        l.accept(event);
      } catch (RuntimeException e) {
        log.warn("{} listener failed", kind, e);
      }
    }
  }

  // ---------------------------------------------------------------- the connection

  private void connect(int gen) {
    CompletableFuture<MessageTransport.Connection> opening;
    try {
      opening = s.transport().connect(new Listener(gen));
    } catch (RuntimeException e) {
      opening = CompletableFuture.failedFuture(e);
    }
    opening.whenComplete((conn, error) -> post(() -> onConnected(gen, conn, error), () -> {
      if (conn != null) {
        conn.close();
      }
    }));
  }

  private void onConnected(int gen, MessageTransport.Connection conn, Throwable error) {
    if (!engine.isCurrent(gen)) {
      if (conn != null) {
        conn.close();
      }
      return;
    }
    if (error != null) {
      Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
      TransportException e = cause instanceof TransportException te ? te
          : new TransportException(TransportError.RELAY_UNREACHABLE, "relay: cannot connect: " + cause.getMessage(), cause);
      apply(engine.connectFailed(gen, e));
      return;
    }
    connection = Optional.of(conn);
    apply(engine.connected(gen));
  }

  /** Frames are parsed on the transport's thread and queued for the loop (see {@link InboundQueue}). */
  private final class Listener implements MessageTransport.Listener {
    private final int gen;
    /** Frames received on this connection so far; called on the transport's thread only. */
    private long arrivals;

    Listener(int gen) {
      this.gen = gen;
    }

    @Override
    public void onFrame(byte[] utf8Frame) {
      lastInbound = s.clock().instant();
      long arrival = ++arrivals;
      RelayFrame frame;
      try {
        frame = RelayFrames.parse(utf8Frame, s.maxFrameBytes());
      } catch (TransportException e) {
        log.warn("unreadable frame from the relay: {}", e.getMessage());
        inbound.add(new Inbound(gen, arrival, Optional.empty(), AckTarget.bestEffort(utf8Frame), e.getMessage()), false);
        scheduleDrain();
        return;
      }
      Optional<AckTarget> ack = frame instanceof RoutedFrame r ? AckTarget.of(r) : Optional.empty();
      boolean newHandshake = frame instanceof RoutedFrame r && r.message() instanceof SourceHello;
      inbound.add(new Inbound(gen, arrival, Optional.of(frame), ack, ""), newHandshake);
      scheduleDrain();
    }

    @Override
    public void onClosed(String reason) {
      post(() -> {
        apply(engine.receive(inbound.take(Integer.MAX_VALUE)));
        if (engine.isCurrent(gen)) {
          connection = Optional.empty();
        }
        apply(engine.closed(gen, reason));
      }, () -> { });
    }
  }

  private void scheduleDrain() {
    if (drainPosted.compareAndSet(false, true)) {
      post(() -> {
        drainPosted.set(false);
        apply(engine.receive(inbound.take(DRAIN_BATCH)));
        if (!inbound.isEmpty()) {
          scheduleDrain(); // let timers and sends in between
        }
      }, () -> { });
    }
  }
}
