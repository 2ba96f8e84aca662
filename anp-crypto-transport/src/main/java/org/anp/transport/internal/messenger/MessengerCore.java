package org.anp.transport.internal.messenger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.anp.identity.did.Did;
import org.anp.identity.json.StrictJson;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.e2e.E2eEndpoint;
import org.anp.transport.e2e.E2eMessage;
import org.anp.transport.e2e.EncryptedMessage;
import org.anp.transport.e2e.ErrorResponse;
import org.anp.transport.e2e.HandshakeConfig;
import org.anp.transport.e2e.HelloKeyBinding;
import org.anp.transport.e2e.MessageType;
import org.anp.transport.e2e.ReceivedMessage;
import org.anp.transport.e2e.SessionEstablished;
import org.anp.transport.e2e.SourceHello;
import org.anp.transport.internal.e2e.Frames;
import org.anp.transport.messenger.DeliveryStatus;
import org.anp.transport.messenger.LocalIdentity;
import org.anp.transport.messenger.SendResult;
import org.anp.transport.relay.HeartbeatFrame;
import org.anp.transport.relay.RegisterFrame;
import org.anp.transport.relay.RelayFrame;
import org.anp.transport.relay.RelayFrames;
import org.anp.transport.relay.RelayStatus;
import org.anp.transport.relay.RoutedFrame;
import org.anp.transport.spi.MessageTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messenger loop. Every piece of mutable state below is confined to one thread, the loop
 * ({@link #loop}); public entry points only post tasks to it, and the transport's thread hands
 * over parsed frames through two concurrent queues. User-visible completions (send
 * futures, received messages, delivery updates) run on the callback executor, one at a time and
 * in the order the loop produced them, so per-sender order survives to the application.
 *
 * <p>Frames travel through {@link #outstanding} until the relay answers them (decision record
 * 0004): written at once while registered, written again in order after every new
 * registration if still unanswered or at 202. That makes the wire at-least-once; the receiving
 * {@link E2eEndpoint} drops repeats by (sourceDid, messageId) and by IV, so the application sees
 * each payload once.
 *
 * <p>First contact with an offline peer (decision record 0005): payloads waiting for a handshake
 * whose sourceHello the relay queued (202) are reported QUEUED and {@link #held}. When that
 * handshake times out they are handed to the endpoint again after a backoff, which sends a fresh
 * hello, until {@code queuedResendWindow} since they were queued has passed; then they are
 * reported EXPIRED. When the relay reports a queued hello delivered (200: the peer is back), a
 * fresh handshake starts at once, since the queued hello may be too old for the peer to accept.
 */
public final class MessengerCore {
  private static final Logger log = LoggerFactory.getLogger(MessengerCore.class);
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
  /** Inbound frames handled per loop task before timers and sends get a turn. */
  private static final int DRAIN_BATCH = 64;
  /** How many delivered payloads are remembered for a late refusal (decision 0008). */
  private static final int RECENTLY_DELIVERED = 100_000;
  /** Delays between handshake attempts with an offline peer, after each handshake timeout. */
  private static final Backoff HELLO_RETRY = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(20));

  private final MessengerSettings s;
  private final LocalIdentity identity;
  private final E2eEndpoint endpoint;
  private final ScheduledExecutorService loop;
  private final Executor callbacks;
  private final Optional<ExecutorService> ownedCallbacks;
  private final List<Consumer<ReceivedMessage>> messageListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<SendResult>> updateListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<SessionEstablished>> sessionListeners = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  /** Parsed inbound frames waiting for the loop; see {@link Listener}. */
  private final Queue<Inbound> urgent = new ConcurrentLinkedQueue<>();
  private final Queue<Inbound> deferred = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainPosted = new AtomicBoolean();
  /** What the current connection's next acknowledgement may name; loop-confined. */
  private AckWatermark<AckTarget> acks = new AckWatermark<>();
  /** Inbound frames refused by the latest endpoint output, by {@link #settleKey}; loop-confined. */
  private final Set<String> refusedNow = new HashSet<>();

  // Loop-confined state.
  private final Map<String, PendingSend> pending = new HashMap<>();
  private final Map<String, String> awaitingFinal = new HashMap<>();
  private final LinkedHashMap<String, Outstanding> outstanding = new LinkedHashMap<>();
  private final Map<String, CompletableFuture<Void>> inboundTails = new HashMap<>();
  /** Peers whose sourceHello the relay queued (202): they are offline, first contact waits. */
  private final Set<String> helloQueued = new HashSet<>();
  /** Payloads reported QUEUED that wait for a handshake with an offline peer, by messageId. */
  private final Map<String, Held> held = new LinkedHashMap<>();
  /** Per offline peer: handshake attempts so far, and whether a retry is scheduled. */
  private final Map<String, Integer> helloAttempts = new HashMap<>();
  private final Set<String> retryScheduled = new HashSet<>();
  /** When a fresh handshake was last started because a queued hello reached its peer. */
  private final Map<String, Instant> restartedAt = new HashMap<>();
  /**
   * Payloads reported DELIVERED that the endpoint may still resend after a key refusal, by
   * messageId, with their peer; the oldest are forgotten past a bound (a refusal for one of them
   * is then only logged).
   */
  private final Map<String, String> recentlyDelivered = new LinkedHashMap<>(16, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > RECENTLY_DELIVERED;
    }
  };
  private Optional<MessageTransport.Connection> connection = Optional.empty();
  private int generation;
  private boolean connecting;
  private boolean registered;
  private String registerMessageId = "";
  /** Written by the transport's thread on every frame, read by the heartbeat timer. */
  private volatile Instant lastInbound = Instant.EPOCH;
  private int attempts;
  /** Whether a registration ever succeeded: before that, failures to reach the relay are final. */
  private boolean everRegistered;
  /**
   * Why sends fail at once: the relay refused the registration, or, before any registration
   * succeeded, the connection failed. Cleared by a successful registration.
   */
  private Optional<TransportException> unusable = Optional.empty();
  /** Why the latest connection attempt failed, for the timeout of sends that waited through it. */
  private Optional<TransportException> lastConnectFailure = Optional.empty();
  /**
   * Sends failed while their payload still waited for a handshake in the endpoint: if that
   * handshake completes after all, the frame is not sent (the application was told it failed).
   */
  private final Set<String> abandoned = new HashSet<>();
  private boolean startRequested;
  private boolean closed;
  private final List<ScheduledFuture<?>> timers = new ArrayList<>();

  public MessengerCore(MessengerSettings settings) {
    this.s = settings;
    this.identity = settings.identity();
    HandshakeConfig config = HandshakeConfig.builder()
        .identity(identity.did(), identity.e2eKey(), identity.e2eKeyId())
        .keyBinding(HelloKeyBinding.standard(did -> Optional.empty()))
        .clock(settings.clock())
        .random(settings.random())
        .handshakeTimeout(settings.handshakeTimeout())
        .helloExtensions(settings.helloExtensions())
        .build();
    E2eEndpoint.Builder eb = E2eEndpoint.builder(config);
    settings.resolver().ifPresent(eb::resolver);
    this.endpoint = eb.build();
    int id = THREADS.incrementAndGet();
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, daemon("anp-messenger-" + id));
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.loop = executor;
    if (settings.callbackExecutor().isPresent()) {
      this.callbacks = settings.callbackExecutor().get();
      this.ownedCallbacks = Optional.empty();
    } else {
      ExecutorService own = Executors.newSingleThreadExecutor(daemon("anp-messenger-callbacks-" + id));
      this.callbacks = own;
      this.ownedCallbacks = Optional.of(own);
    }
    long sweepMillis = Math.max(20, Math.min(250, Math.min(settings.sendTimeout().toMillis(), settings.handshakeTimeout().toMillis()) / 10));
    timers.add(loop.scheduleWithFixedDelay(guard(this::sweep), sweepMillis, sweepMillis, TimeUnit.MILLISECONDS));
    long beat = settings.heartbeatInterval().toMillis();
    timers.add(loop.scheduleWithFixedDelay(guard(this::heartbeat), beat, beat, TimeUnit.MILLISECONDS));
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Runs a loop task so that a bug in one task cannot kill the periodic timers. */
  private static Runnable guard(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.error("messenger task failed", e);
      }
    };
  }

  public Did localDid() {
    return identity.did();
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
    post(() -> {
      if (!startRequested && !closed) {
        startRequested = true;
        connect();
      }
    }, () -> started.completeExceptionally(closedError()));
    return started.copy();
  }

  public CompletableFuture<SendResult> send(Did peer, byte[] payload) {
    String peerDid = peer.toString();
    CompletableFuture<SendResult> result = new CompletableFuture<>();
    byte[] copy = payload.clone();
    // base64 grows the payload by 4/3; the envelope adds well under 1 KiB.
    long frameEstimate = (copy.length + 2L) / 3 * 4 + 1024;
    if (frameEstimate > s.maxFrameBytes()) {
      result.completeExceptionally(new TransportException(TransportError.MESSAGE_TOO_LARGE,
          "payload: " + copy.length + " bytes do not fit the frame limit of " + s.maxFrameBytes()));
      return result;
    }
    post(() -> doSend(peerDid, copy, result), () -> result.completeExceptionally(closedError()));
    start();
    return result;
  }

  /** Fails what is pending, closes the connection and stops the threads; waits up to 5 s. */
  public void close() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    post(() -> {
      shutdown();
      done.complete(null);
    }, () -> done.complete(null));
    if (!Thread.currentThread().getName().startsWith("anp-messenger-")) {
      try {
        done.get(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        log.debug("messenger close did not finish in time", e);
      }
    }
    loop.shutdown();
    s.transport().close();
    ownedCallbacks.ifPresent(ExecutorService::shutdown);
  }

  private void post(Runnable task, Runnable ifClosed) {
    try {
      loop.execute(guard(task));
    } catch (RejectedExecutionException e) {
      ifClosed.run();
    }
  }

  private static TransportException closedError() {
    return new TransportException(TransportError.SERVICE_UNAVAILABLE, "messenger: closed");
  }

  private void shutdown() {
    if (closed) {
      return;
    }
    closed = true;
    timers.forEach(t -> t.cancel(false));
    TransportException error = closedError();
    for (PendingSend p : pending.values()) {
      fail(p.future(), error);
    }
    pending.clear();
    outstanding.clear();
    abandoned.clear();
    awaitingFinal.clear();
    helloQueued.clear();
    held.clear();
    helloAttempts.clear();
    retryScheduled.clear();
    restartedAt.clear();
    if (!started.isDone()) {
      callbacks.execute(() -> started.completeExceptionally(error));
    }
    connection.ifPresent(MessageTransport.Connection::close);
    connection = Optional.empty();
    generation++;
  }

  // ---------------------------------------------------------------- sending

  private void doSend(String peerDid, byte[] payload, CompletableFuture<SendResult> result) {
    if (closed) {
      fail(result, closedError());
      return;
    }
    if (unusable.isPresent()) {
      TransportException why = unusable.get();
      fail(result, new TransportException(why.code(), why.getMessage(), why));
      return;
    }
    if (pending.size() >= s.maxInFlight()) {
      fail(result, new TransportException(TransportError.SERVICE_UNAVAILABLE,
          "messenger: " + s.maxInFlight() + " sends already waiting for the relay (maxInFlight)"));
      return;
    }
    String messageId = Frames.newId(s.random());
    Instant now = s.clock().instant();
    PendingSend p = new PendingSend(peerDid, payload, result, now.plus(s.sendTimeout()));
    if (retryScheduled.contains(peerDid)) {
      // Older payloads for this offline peer wait for the next handshake attempt: queue behind them.
      queuedBehindHello(messageId, p);
      held.get(messageId).inEndpoint = false;
      return;
    }
    pending.put(messageId, p);
    handleOutput(endpoint.send(peerDid, messageId, payload));
    if (!p.framed && helloQueued.contains(peerDid) && pending.remove(messageId) != null) {
      queuedBehindHello(messageId, p);
    }
  }

  /**
   * The payload waits for a handshake with an offline peer whose hello the relay queued: report
   * it queued now and hold it; it is delivered (an update) if the peer comes back within the
   * queued resend window (handshakes are retried), else it expires (an update too).
   */
  private void queuedBehindHello(String messageId, PendingSend p) {
    awaitingFinal.put(messageId, p.peerDid);
    held.put(messageId, new Held(p.peerDid, p.payload, s.clock().instant().plus(s.queuedResendWindow())));
    complete(p.future(), result(p.peerDid, messageId, DeliveryStatus.QUEUED));
  }

  private void handleOutput(E2eEndpoint.Output out) {
    Instant now = s.clock().instant();
    refusedNow.clear();
    for (SessionEstablished session : out.established()) {
      callbacks.execute(() -> notifyListeners(sessionListeners, session, "onSessionEstablished"));
    }
    for (E2eMessage frame : out.outbound()) {
      byte[] bytes = frame.toJsonBytes();
      if (frame instanceof ErrorResponse refusal) {
        // The relay passes a refusal of a frame it pushed here to its sender as the frame's final
        // status (decision 0011); other end-to-end errors are best effort.
        if (registered) {
          write(bytes);
          refusedNow.add(settleKey(refusal.destinationDid().orElse(""), refusal.originalMessageId().orElse("")));
        }
        continue;
      }
      if (frame instanceof EncryptedMessage && abandoned.remove(frame.messageId())) {
        continue;
      }
      String destination = frame.json().path("destinationDid").asText("");
      outstanding.remove(frame.messageId());
      Outstanding o = new Outstanding(bytes, frame.type(), destination, now);
      outstanding.put(frame.messageId(), o);
      if (frame instanceof EncryptedMessage) {
        helloQueued.remove(destination);
        restartedAt.remove(destination);
        helloAttempts.remove(destination);
        held.remove(frame.messageId());
        PendingSend p = pending.get(frame.messageId());
        if (p != null) {
          p.framed = true;
        }
      }
      if (registered) {
        write(bytes);
      }
    }
    for (ReceivedMessage m : out.delivered()) {
      callbacks.execute(() -> deliver(m));
    }
    for (E2eEndpoint.Settled settled : out.settled()) {
      String key = settleKey(settled.senderDid(), settled.messageId());
      acks.settled(key, refusedNow.contains(key));
    }
    for (E2eEndpoint.Failure f : out.failures()) {
      if (abandoned.remove(f.messageId())) {
        continue;
      }
      PendingSend p = pending.get(f.messageId());
      String queuedFor = awaitingFinal.get(f.messageId());
      if (p != null && p.peerDid.equals(f.remoteDid())) {
        pending.remove(f.messageId());
        outstanding.remove(f.messageId());
        fail(p.future(), f.error());
      } else if (queuedFor != null && queuedFor.equals(f.remoteDid())) {
        Held h = held.get(f.messageId());
        if (h != null && handshakeTimedOut(f.error()) && now.isBefore(h.until)) {
          h.inEndpoint = false;
          if (retryScheduled.add(queuedFor)) {
            int attempt = helloAttempts.merge(queuedFor, 1, Integer::sum) - 1;
            loop.schedule(guard(() -> retryHeld(queuedFor)), HELLO_RETRY.delay(attempt, s.random()).toNanos(), TimeUnit.NANOSECONDS);
          }
          continue;
        }
        held.remove(f.messageId());
        awaitingFinal.remove(f.messageId());
        helloQueued.remove(queuedFor);
        update(result(queuedFor, f.messageId(), DeliveryStatus.EXPIRED));
      } else if (f.remoteDid().equals(recentlyDelivered.remove(f.messageId()))) {
        // Reported DELIVERED, then refused by the peer and not resent: its final word (0008).
        update(result(f.remoteDid(), f.messageId(), DeliveryStatus.REFUSED));
      } else {
        log.debug("E2E failure with {} for frame {}: {}", f.remoteDid(), f.messageId(), f.error().code());
      }
    }
  }

  private static boolean handshakeTimedOut(TransportException e) {
    return e.code() == TransportError.HANDSHAKE_TIMEOUT
        || e.getCause() instanceof TransportException cause && cause.code() == TransportError.HANDSHAKE_TIMEOUT;
  }

  /**
   * Hands the held payloads for {@code peer} that wait for a retry to the endpoint again, in the
   * order they were sent: the first starts a fresh handshake (hello) unless one runs.
   */
  private void retryHeld(String peer) {
    retryScheduled.remove(peer);
    if (closed) {
      return;
    }
    List<Map.Entry<String, Held>> due = held.entrySet().stream()
        .filter(e -> e.getValue().peerDid.equals(peer) && !e.getValue().inEndpoint)
        .toList();
    for (Map.Entry<String, Held> e : due) {
      e.getValue().inEndpoint = true;
      handleOutput(endpoint.send(peer, e.getKey(), e.getValue().payload));
    }
  }

  private void deliver(ReceivedMessage m) {
    if (messageListeners.isEmpty()) {
      log.warn("message {} from {} dropped: no onMessage listener", m.messageId(), m.senderDid());
    }
    for (Consumer<ReceivedMessage> l : messageListeners) {
      try {
        l.accept(m);
      } catch (RuntimeException e) {
        log.warn("onMessage listener failed", e);
      }
    }
  }

  private void update(SendResult r) {
    callbacks.execute(() -> notifyListeners(updateListeners, r, "onDeliveryUpdate"));
  }

  private static <T> void notifyListeners(List<Consumer<T>> listeners, T event, String kind) {
    for (Consumer<T> l : listeners) {
      try {
        l.accept(event);
      } catch (RuntimeException e) {
        log.warn("{} listener failed", kind, e);
      }
    }
  }

  /** A result for the application; {@code peerDid} came from a {@link Did}, so it parses. */
  private static SendResult result(String peerDid, String messageId, DeliveryStatus status) {
    return new SendResult(Did.parse(peerDid), messageId, status);
  }

  private void complete(CompletableFuture<SendResult> f, SendResult r) {
    callbacks.execute(() -> f.complete(r));
  }

  private void fail(CompletableFuture<SendResult> f, TransportException e) {
    callbacks.execute(() -> f.completeExceptionally(e));
  }

  private void write(byte[] frame) {
    connection.ifPresent(c -> c.send(frame).exceptionally(e -> {
      log.debug("write failed; the frame is resent after reconnect", e);
      return null;
    }));
  }

  // ---------------------------------------------------------------- connection

  private void connect() {
    if (closed || connecting || connection.isPresent()) {
      return;
    }
    connecting = true;
    int gen = ++generation;
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
    if (gen != generation || closed) {
      if (conn != null) {
        conn.close();
      }
      return;
    }
    connecting = false;
    if (error != null) {
      Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
      log.debug("connect failed: {}", cause.toString());
      TransportException e = cause instanceof TransportException te ? te
          : new TransportException(TransportError.RELAY_UNREACHABLE, "relay: cannot connect: " + cause.getMessage(), cause);
      lastConnectFailure = Optional.of(e);
      if (!everRegistered) {
        failFast(e);
      }
      scheduleReconnect();
      return;
    }
    connection = Optional.of(conn);
    // A new watermark per connection: what the old one still waited for was queued again by the
    // relay, and an acknowledgement naming it here would cover frames not yet handled.
    acks = new AckWatermark<>();
    lastInbound = s.clock().instant();
    register();
  }

  private void register() {
    Instant now = s.clock().instant();
    registerMessageId = Frames.newId(s.random());
    RegisterFrame frame = RegisterFrame.of(now, registerMessageId, List.of(
        RegisterFrame.signRouter(identity.routerDid().toString(), identity.routerKeyId(), identity.routerKey(), now, s.random())));
    write(frame.toJsonBytes());
  }

  /**
   * The relay cannot be used: it refused the registration, or it could not be reached before any
   * registration succeeded. Fails {@link #start()} and every send waiting for the relay's first
   * answer at once, and later sends until a registration succeeds (reconnects go on in the
   * background). Sends already reported QUEUED keep waiting for their final status.
   */
  private void failFast(TransportException e) {
    unusable = Optional.of(e);
    if (!started.isDone()) {
      callbacks.execute(() -> started.completeExceptionally(e));
    }
    for (Map.Entry<String, PendingSend> p : pending.entrySet()) {
      if (outstanding.remove(p.getKey()) == null) {
        abandoned.add(p.getKey());
      }
      fail(p.getValue().future(), new TransportException(e.code(), e.getMessage(), e));
    }
    pending.clear();
  }

  private void onRegistered() {
    registered = true;
    everRegistered = true;
    unusable = Optional.empty();
    lastConnectFailure = Optional.empty();
    attempts = 0;
    log.debug("{} registered with the relay", identity.did());
    if (!started.isDone()) {
      callbacks.execute(() -> started.complete(null));
    }
    Instant now = s.clock().instant();
    for (Outstanding o : outstanding.values()) {
      o.sentAt = now;
      write(o.bytes);
    }
  }

  private void onClosed(int gen, String reason) {
    if (gen != generation) {
      return;
    }
    log.debug("connection to the relay closed: {}", reason);
    connection = Optional.empty();
    connecting = false;
    registered = false;
    scheduleReconnect();
  }

  private void scheduleReconnect() {
    if (closed) {
      return;
    }
    Duration delay = s.backoff().delay(attempts, s.random());
    attempts = Math.min(attempts + 1, 62);
    loop.schedule(guard(this::connect), delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void dropConnection(String why) {
    log.info("dropping the relay connection: {}", why);
    connection.ifPresent(MessageTransport.Connection::close);
    onClosed(generation, why);
    generation++;
  }

  /**
   * Connection events. Frames are parsed on the transport's thread and queued for the loop:
   * a peer's sourceHello (the start of new handshake work) waits in {@link #deferred} behind every
   * other frame, so that under a burst the handshakes already under way, and the payloads they
   * release, are not stuck behind dozens of new hellos. Nothing a sourceHello precedes can arrive
   * before it is answered, so per-sender order holds. One frame in eight is a deferred hello when
   * both queues hold frames, so hellos are delayed, never starved. Stale generations are
   * ignored; a close is handled after the frames that came before it.
   */
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
        urgent.add(new Inbound(gen, arrival, Optional.empty(), AckTarget.bestEffort(utf8Frame), e.getMessage()));
        scheduleDrain();
        return;
      }
      Optional<AckTarget> ack = frame instanceof RoutedFrame r ? AckTarget.of(r) : Optional.empty();
      boolean newHandshake = frame instanceof RoutedFrame r && r.message() instanceof SourceHello;
      (newHandshake ? deferred : urgent).add(new Inbound(gen, arrival, Optional.of(frame), ack, ""));
      scheduleDrain();
    }

    @Override
    public void onClosed(String reason) {
      post(() -> {
        drainInbound(Integer.MAX_VALUE);
        MessengerCore.this.onClosed(gen, reason);
      }, () -> { });
    }
  }

  // ---------------------------------------------------------------- inbound

  private void scheduleDrain() {
    if (drainPosted.compareAndSet(false, true)) {
      post(() -> {
        drainPosted.set(false);
        drainInbound(DRAIN_BATCH);
        if (!urgent.isEmpty() || !deferred.isEmpty()) {
          scheduleDrain(); // let timers and sends in between
        }
      }, () -> { });
    }
  }

  private void drainInbound(int max) {
    for (int i = 0; i < max; i++) {
      // Every 8th turn goes to a deferred hello first, so a steady stream cannot starve them.
      boolean helloTurn = i % 8 == 7;
      Inbound in = helloTurn ? deferred.poll() : urgent.poll();
      if (in == null) {
        in = helloTurn ? urgent.poll() : deferred.poll();
      }
      if (in == null) {
        break;
      }
      if (in.gen() == generation && !closed) {
        take(in);
      }
    }
    acknowledgeHandled();
  }

  /**
   * Handles {@code in} and records it for the acknowledgement of its connection (decisions 0009
   * and 0011): an encrypted message counts as handled when the endpoint settles it, which may be
   * at once or, for a message held for a handshake, later.
   */
  private void take(Inbound in) {
    if (in.frame().isEmpty()) {
      // Routed to us but unreadable here: refused, so its sender hears why instead of a 200.
      in.ack().ifPresent(t -> write(response(t, TransportError.INVALID_MESSAGE.responseCode(), Optional.of(in.problem()))));
      acks.handled(in.arrival(), Optional.empty());
      return;
    }
    RelayFrame frame = in.frame().get();
    Optional<String> message = frame instanceof RoutedFrame r && r.message() instanceof EncryptedMessage m
        ? Optional.of(settleKey(m.sourceDid(), m.messageId())) : Optional.empty();
    if (message.isPresent()) {
      acks.handledWhenSettled(message.get(), in.arrival(), in.ack());
    }
    refusedNow.clear();
    onFrame(frame);
    if (message.isEmpty()) {
      boolean refused = in.ack().filter(t -> refusedNow.contains(settleKey(t.sourceDid(), t.messageId()))).isPresent();
      acks.handled(in.arrival(), refused ? Optional.empty() : in.ack());
    }
  }

  private static String settleKey(String senderDid, String messageId) {
    return senderDid + "\n" + messageId;
  }

  private void onFrame(RelayFrame frame) {
    if (frame instanceof HeartbeatFrame hb) {
      if (hb.isPing()) {
        write(HeartbeatFrame.pong(hb, s.clock().instant()).toJsonBytes());
      }
      return;
    }
    if (!(frame instanceof RoutedFrame routed)) {
      log.debug("ignoring a {} frame from the relay", frame.type());
      return;
    }
    E2eMessage message = routed.message();
    if (message instanceof ErrorResponse response) {
      if (response.originalType().equals(RegisterFrame.TYPE)) {
        onRegisterResponse(response);
        return;
      }
      Optional<RelayStatus> status = relayStatus(response);
      if (status.isPresent()) {
        onRelayStatus(response, status.get());
        return;
      }
    }
    receiveE2e(message, routed.sourceDid().orElse(""));
  }

  /**
   * Tells the relay that routed frames reached this messenger (decisions 0006, 0009 and 0011):
   * one acknowledgement after each batch of handled frames, naming the last frame before which
   * every frame of the connection was handled; the relay takes it for all of them. An encrypted
   * message is handled once the endpoint settled it (delivered, a repeat, or refused, the refusal
   * written first so that the relay passes it to the sender instead of a 200). Frames that could
   * not be read are counted as handled (they are refused, not lost), and repeats are acknowledged
   * too: a repeat means the relay did not see an earlier acknowledgement. The frame is
   * an ordinary {@code response} with code 200, from this side to the frame's sender, which a relay
   * without acknowledgements routes to the sender as a harmless extra "delivered".
   */
  private void acknowledgeHandled() {
    Optional<AckTarget> due = acks.takeDue();
    if (due.isEmpty() || closed) {
      return;
    }
    write(response(due.get(), RelayStatus.DELIVERED.code(), Optional.empty()));
  }

  /** A {@code response} from this side to the sender of {@code target}, naming it. */
  private byte[] response(AckTarget target, int code, Optional<String> detail) {
    ObjectNode json = Frames.header(MessageType.RESPONSE.wireName(), s.clock().instant(), Frames.newId(s.random()));
    json.put("sourceDid", target.destinationDid());
    json.put("destinationDid", target.sourceDid());
    json.put("originalType", target.type());
    json.put("originalMessageId", target.messageId());
    json.put("code", code);
    detail.ifPresent(d -> json.put("detail", d));
    try {
      return StrictJson.mapper().writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  private void onRegisterResponse(ErrorResponse response) {
    if (!response.originalMessageId().map(registerMessageId::equals).orElse(true) || registered) {
      return;
    }
    if (response.code() == RelayStatus.DELIVERED.code()) {
      onRegistered();
      return;
    }
    TransportException e = new TransportException(TransportError.REGISTRATION_REFUSED,
        "the relay refused to register " + identity.routerDid() + " (code " + response.code() + "): " + response.detail());
    log.warn("{}", e.getMessage());
    failFast(e);
    dropConnection("registration refused");
  }

  /**
   * Whether a response is the relay's status for one of our frames rather than an end-to-end
   * reply of the peer. Peers answer only with 400, 403, 404 and 4000-4005 and sign as the frame's
   * destination; the relay's other codes are unambiguous.
   */
  private Optional<RelayStatus> relayStatus(ErrorResponse response) {
    Optional<RelayStatus> status = RelayStatus.fromCode(response.code());
    if (status.isEmpty()) {
      return status;
    }
    int code = response.code();
    if (code != 400 && code != 403 && code != 404) {
      return status;
    }
    Optional<Outstanding> o = response.originalMessageId().map(outstanding::get);
    if (o.isPresent() && !response.sourceDid().map(o.get().destination::equals).orElse(false)) {
      return status;
    }
    if (response.originalMessageId().isEmpty() && response.sourceDid().isEmpty()) {
      return status;
    }
    return Optional.empty();
  }

  private void onRelayStatus(ErrorResponse response, RelayStatus status) {
    Optional<String> id = response.originalMessageId();
    if (id.isEmpty()) {
      log.warn("relay error {} for an unidentified frame: {}", response.code(), response.detail());
      return;
    }
    String messageId = id.get();
    Outstanding o = outstanding.get(messageId);
    switch (status) {
      case DELIVERED -> {
        outstanding.remove(messageId);
        if (o != null && o.type == MessageType.MESSAGE) {
          recentlyDelivered.put(messageId, o.destination);
        }
        settle(messageId, DeliveryStatus.DELIVERED);
        if (o != null && o.type == MessageType.SOURCE_HELLO && o.queued) {
          peerIsBack(o.destination);
        }
      }
      case QUEUED -> {
        if (o != null) {
          o.queued = true;
        }
        PendingSend p = pending.remove(messageId);
        if (p != null) {
          awaitingFinal.put(messageId, p.peerDid);
          complete(p.future(), result(p.peerDid, messageId, DeliveryStatus.QUEUED));
        }
        if (o != null && o.type == MessageType.SOURCE_HELLO) {
          helloQueued.add(o.destination);
          Iterator<Map.Entry<String, PendingSend>> it = pending.entrySet().iterator();
          while (it.hasNext()) {
            Map.Entry<String, PendingSend> e = it.next();
            if (!e.getValue().framed && e.getValue().peerDid.equals(o.destination)) {
              it.remove();
              queuedBehindHello(e.getKey(), e.getValue());
            }
          }
        }
      }
      case EXPIRED -> {
        outstanding.remove(messageId);
        String peer = awaitingFinal.remove(messageId);
        if (peer != null) {
          update(result(peer, messageId, DeliveryStatus.EXPIRED));
        } else {
          refuse(messageId, o, relayError(status, response));
        }
      }
      default -> {
        outstanding.remove(messageId);
        String peer = awaitingFinal.remove(messageId);
        if (peer != null) {
          // Reported QUEUED already (it waited behind a hello); a refusal now is its final word.
          held.remove(messageId);
          update(result(peer, messageId, DeliveryStatus.EXPIRED));
        }
        refuse(messageId, o, relayError(status, response));
      }
    }
  }

  /**
   * A hello the relay had queued reached its peer: the peer is online again. The hello may be
   * older than the peer's freshness window, so start a fresh handshake for what waits (once per
   * handshake timeout, however many old hellos the relay now delivers).
   */
  private void peerIsBack(String peer) {
    Instant now = s.clock().instant();
    Instant last = restartedAt.get(peer);
    if (last != null && now.isBefore(last.plus(s.handshakeTimeout()))) {
      return;
    }
    restartedAt.put(peer, now);
    helloQueued.remove(peer);
    handleOutput(endpoint.restartHandshake(peer));
    retryHeld(peer);
  }

  private void settle(String messageId, DeliveryStatus status) {
    PendingSend p = pending.remove(messageId);
    if (p != null) {
      complete(p.future(), result(p.peerDid, messageId, status));
      return;
    }
    String peer = awaitingFinal.remove(messageId);
    if (peer != null) {
      update(result(peer, messageId, status));
    }
  }

  /** A refused frame fails its send; a refused hello fails every send still waiting for it. */
  private void refuse(String messageId, Outstanding o, TransportException error) {
    PendingSend p = pending.remove(messageId);
    if (p != null) {
      fail(p.future(), error);
    }
    if (o != null && o.type == MessageType.SOURCE_HELLO) {
      Iterator<Map.Entry<String, PendingSend>> it = pending.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<String, PendingSend> e = it.next();
        if (!e.getValue().framed && e.getValue().peerDid.equals(o.destination)) {
          it.remove();
          fail(e.getValue().future(), error);
        }
      }
    }
  }

  private static TransportException relayError(RelayStatus status, ErrorResponse response) {
    TransportError code = status.error().orElse(TransportError.UNEXPECTED_MESSAGE);
    return new TransportException(code, "relay answered " + response.code() + " for "
        + response.originalType() + " " + response.originalMessageId().orElse("") + ": " + response.detail());
  }

  /**
   * Feeds one end-to-end frame to the endpoint. Frames of one sender are processed strictly in
   * order even when a hello waits for its DID document, so a Finished never overtakes its
   * destinationHello.
   */
  private void receiveE2e(E2eMessage message, String sender) {
    CompletableFuture<Void> previous = inboundTails.getOrDefault(sender, DONE);
    if (previous.isDone()) {
      CompletableFuture<E2eEndpoint.Output> now = endpoint.receive(message);
      if (now.isDone()) {
        handleOutput(now.join());
        return;
      }
      chain(sender, now);
      return;
    }
    chain(sender, previous.thenCompose(v -> endpoint.receive(message)));
  }

  private void chain(String sender, CompletableFuture<E2eEndpoint.Output> output) {
    AtomicReference<CompletableFuture<Void>> self = new AtomicReference<>();
    CompletableFuture<Void> tail = new CompletableFuture<>();
    self.set(tail);
    inboundTails.put(sender, tail);
    output.whenComplete((out, error) -> post(() -> {
      if (out != null && !closed) {
        handleOutput(out);
        acknowledgeHandled();
      } else if (error != null) {
        log.warn("inbound frame from {} not processed", sender, error);
      }
      inboundTails.remove(sender, self.get());
      tail.complete(null);
    }, () -> tail.complete(null)));
  }

  // ---------------------------------------------------------------- timers

  private void sweep() {
    if (closed) {
      return;
    }
    Instant now = s.clock().instant();
    handleOutput(endpoint.expire(now));
    acknowledgeHandled();
    Iterator<Map.Entry<String, PendingSend>> it = pending.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, PendingSend> e = it.next();
      if (now.isAfter(e.getValue().deadline)) {
        it.remove();
        outstanding.remove(e.getKey());
        String unreachable = registered ? "" : lastConnectFailure.map(f -> "; not connected: " + f.getMessage()).orElse("");
        fail(e.getValue().future(), new TransportException(TransportError.SEND_TIMEOUT,
            "send to " + e.getValue().peerDid + ": no answer from the relay within " + s.sendTimeout().toMillis() + " ms" + unreachable));
      }
    }
    // Frames nobody waits for any more (hellos of finished handshakes, long-queued payloads).
    outstanding.entrySet().removeIf(e -> {
      Outstanding o = e.getValue();
      Duration keep = o.queued ? s.queuedResendWindow() : s.sendTimeout();
      return now.isAfter(o.sentAt.plus(keep)) && !pending.containsKey(e.getKey());
    });
  }

  private void heartbeat() {
    if (closed || connection.isEmpty()) {
      return;
    }
    Instant now = s.clock().instant();
    Duration silence = Duration.between(lastInbound, now);
    if (silence.compareTo(s.heartbeatInterval().multipliedBy(s.missedHeartbeats())) > 0) {
      dropConnection("no frame from the relay for " + silence.toMillis() + " ms");
      return;
    }
    write(HeartbeatFrame.ping(now, Frames.newId(s.random())).toJsonBytes());
  }

  // ---------------------------------------------------------------- records

  /**
   * A frame from the relay, numbered in arrival order on its connection; empty if it could not be
   * parsed, with the {@code problem}. {@code ack} names it in an acknowledgement, if it needs one.
   */
  private record Inbound(int gen, long arrival, Optional<RelayFrame> frame, Optional<AckTarget> ack, String problem) {}

  /** A payload waiting for a handshake with an offline peer, until {@code until}. */
  private static final class Held {
    private final String peerDid;
    private final byte[] payload;
    private final Instant until;
    /** Whether the endpoint holds the payload (else a retry is scheduled). */
    private boolean inEndpoint = true;

    Held(String peerDid, byte[] payload, Instant until) {
      this.peerDid = peerDid;
      this.payload = payload;
      this.until = until;
    }
  }

  /** A send whose first relay status has not arrived. */
  private static final class PendingSend {
    private final String peerDid;
    private final byte[] payload;
    private final CompletableFuture<SendResult> future;
    private final Instant deadline;
    /** Whether the encrypted frame exists (else the payload waits for a handshake). */
    private boolean framed;

    PendingSend(String peerDid, byte[] payload, CompletableFuture<SendResult> future, Instant deadline) {
      this.peerDid = peerDid;
      this.payload = payload;
      this.future = future;
      this.deadline = deadline;
    }

    CompletableFuture<SendResult> future() {
      return future;
    }
  }

  /** A frame written (or to be written) whose final relay status has not arrived. */
  private static final class Outstanding {
    private final byte[] bytes;
    private final MessageType type;
    private final String destination;
    private Instant sentAt;
    private boolean queued;

    Outstanding(byte[] bytes, MessageType type, String destination, Instant sentAt) {
      this.bytes = bytes;
      this.type = type;
      this.destination = destination;
      this.sentAt = sentAt;
    }
  }
}
