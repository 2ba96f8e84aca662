package org.anp.transport.internal.messenger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
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
import org.anp.transport.internal.e2e.Frames;
import org.anp.transport.messenger.LocalIdentity;
import org.anp.transport.messenger.SendResult;
import org.anp.transport.relay.HeartbeatFrame;
import org.anp.transport.relay.RegisterFrame;
import org.anp.transport.relay.RelayFrame;
import org.anp.transport.relay.RelayStatus;
import org.anp.transport.relay.RoutedFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messenger without I/O, as the handshake engine is: it takes events (start, a send, a
 * connection opened, failed or closed, inbound frames, an E2E output that was waiting for a
 * document) and {@link #tick(Instant)}, and answers each with the {@link Effect}s its driver
 * carries out in order: frames to write, a connection to open or close, and events for the
 * application. Time comes from the settings' clock and {@code tick}; timers are deadlines the
 * driver asks for with {@link #nextDeadline()}. Sends and their statuses live in the
 * {@link Outbox}; this class keeps the connection (registration, heartbeats, reconnect backoff)
 * and the inbound side (acknowledgements, decisions 0006, 0009 and 0011).
 *
 * <p>Not thread-safe: confine to one thread (the driver's loop).
 */
public final class MessengerEngine {
  private static final Logger log = LoggerFactory.getLogger(MessengerEngine.class);
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final MessengerSettings s;
  private final LocalIdentity identity;
  private final E2eEndpoint endpoint;
  private final Effects fx = new Effects();
  private final Outbox outbox;
  private final Duration sweepPeriod;
  private final Map<String, CompletableFuture<Void>> inboundTails = new HashMap<>();
  /** What the current connection's next acknowledgement may name. */
  private AckWatermark<AckTarget> acks = new AckWatermark<>();
  /** Inbound frames refused by the latest endpoint output, by {@link #settleKey}. */
  private Set<String> refusedNow = Set.of();
  private int generation;
  private boolean connecting;
  private boolean connected;
  private boolean registered;
  private String registerMessageId = "";
  private Instant lastHeard = Instant.EPOCH;
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
  private boolean startRequested;
  private boolean started;
  private boolean closed;
  private Optional<Instant> reconnectAt = Optional.empty();
  private Instant sweepAt;
  private Instant heartbeatAt;

  public MessengerEngine(MessengerSettings settings, E2eEndpoint endpoint) {
    this.s = settings;
    this.identity = settings.identity();
    this.endpoint = endpoint;
    this.outbox = new Outbox(settings, endpoint, fx, () -> registered, this::handle);
    this.sweepPeriod = Duration.ofMillis(Math.max(20, Math.min(250,
        Math.min(settings.sendTimeout().toMillis(), settings.handshakeTimeout().toMillis()) / 10)));
    Instant now = settings.clock().instant();
    this.sweepAt = now.plus(sweepPeriod);
    this.heartbeatAt = now.plus(settings.heartbeatInterval());
  }

  /** An engine whose E2E endpoint (handshakes, hello extensions, resolver) is made from {@code settings}. */
  public static MessengerEngine of(MessengerSettings settings) {
    HandshakeConfig config = HandshakeConfig.builder()
        .identity(settings.identity().did(), settings.identity().e2eKey(), settings.identity().e2eKeyId())
        .keyBinding(HelloKeyBinding.standard(did -> Optional.empty()))
        .clock(settings.clock())
        .random(settings.random())
        .handshakeTimeout(settings.handshakeTimeout())
        .helloExtensions(settings.helloExtensions())
        .build();
    E2eEndpoint.Builder endpoint = E2eEndpoint.builder(config);
    settings.resolver().ifPresent(endpoint::resolver);
    return new MessengerEngine(settings, endpoint.build());
  }

  /** Connects and registers once; a {@link Effect.Started} or {@link Effect.StartFailed} follows. */
  public List<Effect> start() {
    requestStart();
    return fx.drain();
  }

  private void requestStart() {
    if (!startRequested && !closed) {
      startRequested = true;
      connect();
    }
  }

  /** A payload for {@code peerDid}; the future gets its first status through an event. */
  public List<Effect> send(String peerDid, byte[] payload, CompletableFuture<SendResult> result) {
    if (closed) {
      fx.add(new Effect.SendFailed(result, closedError()));
    } else if (unusable.isPresent()) {
      TransportException why = unusable.get();
      fx.add(new Effect.SendFailed(result, new TransportException(why.code(), why.getMessage(), why)));
    } else {
      outbox.send(peerDid, payload, result, s.clock().instant());
    }
    requestStart();
    return fx.drain();
  }

  /** Whether {@code gen} is the connection the engine asked for last. */
  public boolean isCurrent(int gen) {
    return gen == generation && !closed;
  }

  /** Connection {@code gen} is open: register on it. */
  public List<Effect> connected(int gen) {
    if (!isCurrent(gen)) {
      return fx.drain();
    }
    connecting = false;
    connected = true;
    // A new watermark per connection: what the old one still waited for was queued again by the
    // relay, and an acknowledgement naming it here would cover frames not yet handled.
    acks = new AckWatermark<>();
    lastHeard = s.clock().instant();
    register();
    return fx.drain();
  }

  /** Connection {@code gen} could not be opened. */
  public List<Effect> connectFailed(int gen, TransportException e) {
    if (!isCurrent(gen)) {
      return fx.drain();
    }
    connecting = false;
    log.debug("connect failed: {}", e.toString());
    lastConnectFailure = Optional.of(e);
    if (!everRegistered) {
      failFast(e);
    }
    scheduleReconnect();
    return fx.drain();
  }

  /** Connection {@code gen} closed, after every frame that came on it. */
  public List<Effect> closed(int gen, String reason) {
    if (gen == generation && !closed) {
      onClosed(reason);
    }
    return fx.drain();
  }

  /** The latest time a frame arrived from the relay, seen by the driver's I/O thread. */
  public void heard(Instant at) {
    if (at.isAfter(lastHeard)) {
      lastHeard = at;
    }
  }

  /**
   * A batch of inbound frames in the order the driver took them; one acknowledgement follows for
   * what was handled (decision 0009). Frames of stale connections are ignored.
   */
  public List<Effect> receive(List<Inbound> batch) {
    for (Inbound in : batch) {
      if (in.generation() == generation && !closed) {
        take(in);
      }
    }
    acknowledgeHandled();
    return fx.drain();
  }

  /** The output of an inbound frame that waited (see {@link Effect.Await}), or its failure. */
  public List<Effect> resolved(InboundChain chain, E2eEndpoint.Output out, Throwable error) {
    if (out != null && !closed) {
      handle(out);
      acknowledgeHandled();
    } else if (error != null) {
      log.warn("inbound frame from {} not processed", chain.sender, error);
    }
    inboundTails.remove(chain.sender, chain.tail);
    chain.tail.complete(null);
    return fx.drain();
  }

  /** Runs what is due at {@code now}: sweeps, heartbeats, reconnects, handshake retries. */
  public List<Effect> tick(Instant now) {
    if (closed) {
      return fx.drain();
    }
    if (!now.isBefore(sweepAt)) {
      sweepAt = now.plus(sweepPeriod);
      handle(endpoint.expire(now));
      acknowledgeHandled();
      String why = connected ? "" : lastConnectFailure.map(f -> "; not connected: " + f.getMessage()).orElse("");
      outbox.sweep(now, why);
    }
    if (!now.isBefore(heartbeatAt)) {
      heartbeatAt = now.plus(s.heartbeatInterval());
      heartbeat(now);
    }
    if (reconnectAt.isPresent() && !now.isBefore(reconnectAt.get())) {
      reconnectAt = Optional.empty();
      connect();
    }
    outbox.retryDue(now);
    return fx.drain();
  }

  /** When {@link #tick} has something to do next. */
  public Instant nextDeadline() {
    return Stream.of(Optional.of(sweepAt), Optional.of(heartbeatAt), reconnectAt, outbox.nextRetry())
        .flatMap(Optional::stream).min(Instant::compareTo).orElseThrow();
  }

  /** Fails what is pending and closes the connection; later calls only fail sends. */
  public List<Effect> close() {
    if (!closed) {
      closed = true;
      TransportException error = closedError();
      outbox.close(error);
      if (!started) {
        started = true;
        fx.add(new Effect.StartFailed(error));
      }
      if (connected || connecting) {
        fx.add(new Effect.Disconnect("messenger closed"));
      }
      connected = false;
      generation++;
    }
    return fx.drain();
  }

  static TransportException closedError() {
    return new TransportException(TransportError.SERVICE_UNAVAILABLE, "messenger: closed");
  }

  static String settleKey(String senderDid, String messageId) {
    return senderDid + "\n" + messageId;
  }

  // ---------------------------------------------------------------- the E2E endpoint

  /** Takes one output of the endpoint: events, frames, acknowledgement progress, failures. */
  private void handle(E2eEndpoint.Output out) {
    Instant now = s.clock().instant();
    for (SessionEstablished session : out.established()) {
      fx.add(new Effect.Established(session));
    }
    refusedNow = outbox.frames(out.outbound(), now);
    for (ReceivedMessage m : out.delivered()) {
      fx.add(new Effect.Delivered(m));
    }
    for (E2eEndpoint.Settled settled : out.settled()) {
      String key = settleKey(settled.senderDid(), settled.messageId());
      acks.settled(key, refusedNow.contains(key));
    }
    outbox.failures(out.failures(), now);
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
      if (now.isDone() && !now.isCompletedExceptionally()) {
        handle(now.join());
        return;
      }
      await(sender, now);
      return;
    }
    await(sender, previous.thenCompose(v -> endpoint.receive(message)));
  }

  private void await(String sender, CompletableFuture<E2eEndpoint.Output> output) {
    InboundChain chain = new InboundChain(sender);
    inboundTails.put(sender, chain.tail);
    fx.add(new Effect.Await(output, chain));
  }

  // ---------------------------------------------------------------- inbound frames

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
    refusedNow = Set.of();
    onFrame(frame);
    if (message.isEmpty()) {
      boolean refused = in.ack().filter(t -> refusedNow.contains(settleKey(t.sourceDid(), t.messageId()))).isPresent();
      acks.handled(in.arrival(), refused ? Optional.empty() : in.ack());
    }
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
      Optional<RelayStatus> status = outbox.relayStatus(response);
      if (status.isPresent()) {
        outbox.onRelayStatus(response, status.get(), s.clock().instant());
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
   * too: a repeat means the relay did not see an earlier acknowledgement. The frame is an
   * ordinary {@code response} with code 200, from this side to the frame's sender, which a relay
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

  // ---------------------------------------------------------------- the connection

  private void write(byte[] frame) {
    if (connected) {
      fx.write(frame);
    }
  }

  private void connect() {
    if (closed || connecting || connected) {
      return;
    }
    connecting = true;
    fx.add(new Effect.Connect(++generation));
  }

  private void register() {
    Instant now = s.clock().instant();
    registerMessageId = Frames.newId(s.random());
    RegisterFrame frame = RegisterFrame.of(now, registerMessageId, List.of(
        RegisterFrame.signRouter(identity.routerDid().toString(), identity.routerKeyId(), identity.routerKey(), now, s.random())));
    write(frame.toJsonBytes());
    declareAcknowledging();
  }

  private void onRegisterResponse(ErrorResponse response) {
    if (!response.originalMessageId().map(registerMessageId::equals).orElse(true) || registered
        || response.sourceDid().filter(identity.did().toString()::equals).isPresent()) {
      return; // another connection's answer, or our own declaration routed back by the relay
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
   * The relay cannot be used: it refused the registration, or it could not be reached before any
   * registration succeeded. Fails the start and every send waiting for the relay's first answer
   * at once, and later sends until a registration succeeds (reconnects go on). Sends already
   * reported QUEUED keep waiting for their final status.
   */
  private void failFast(TransportException e) {
    unusable = Optional.of(e);
    if (!started) {
      started = true;
      fx.add(new Effect.StartFailed(e));
    }
    outbox.failPending(e);
  }

  private void onRegistered() {
    registered = true;
    everRegistered = true;
    unusable = Optional.empty();
    lastConnectFailure = Optional.empty();
    attempts = 0;
    log.debug("{} registered with the relay", identity.did());
    if (!started) {
      started = true;
      fx.add(new Effect.Started());
    }
    outbox.resendAll(s.clock().instant());
  }

  /**
   * Tells the relay that this connection acknowledges (decision 0065): an acknowledgement naming
   * our own register frame, which names nothing pushed to us, written right behind the register
   * frame. A relay takes a connection that has acknowledged nothing by the time its first pushed
   * frame is overdue for a client that never acknowledges, and from then on reports frames
   * delivered once written; our first acknowledgement may rightly wait longer than that (a
   * message held for a handshake, decision 0011), and frames reported delivered then are lost if
   * the connection drops before we read them. Written with the registration rather than after its
   * answer, the declaration reaches the relay right behind the register frame, however far this
   * messenger's loop, the network or the relay's reading falls behind (a soak under load 60-100
   * lost 28 messages when it waited for the answer). A relay without acknowledgements routes it
   * back to us once we are registered, where it is ignored.
   */
  private void declareAcknowledging() {
    String self = identity.did().toString();
    write(response(new AckTarget(RegisterFrame.TYPE, registerMessageId, self, self), RelayStatus.DELIVERED.code(), Optional.empty()));
  }

  private void onClosed(String reason) {
    log.debug("connection to the relay closed: {}", reason);
    connected = false;
    connecting = false;
    registered = false;
    scheduleReconnect();
  }

  private void scheduleReconnect() {
    Duration delay = s.backoff().delay(attempts, s.random());
    attempts = Math.min(attempts + 1, 62);
    reconnectAt = Optional.of(s.clock().instant().plus(delay));
  }

  private void dropConnection(String why) {
    log.info("dropping the relay connection: {}", why);
    fx.add(new Effect.Disconnect(why));
    onClosed(why);
    generation++;
  }

  private void heartbeat(Instant now) {
    if (!connected) {
      return;
    }
    Duration silence = Duration.between(lastHeard, now);
    if (silence.compareTo(s.heartbeatInterval().multipliedBy(s.missedHeartbeats())) > 0) {
      dropConnection("no frame from the relay for " + silence.toMillis() + " ms");
      return;
    }
    write(HeartbeatFrame.ping(now, Frames.newId(s.random())).toJsonBytes());
  }
}
