package org.anp.transport.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.resolve.DidResolver;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.internal.e2e.DeliveredIds;
import org.anp.transport.internal.e2e.EarlyMessages;
import org.anp.transport.internal.e2e.Frames;
import org.anp.transport.internal.e2e.HandshakesInProgress;
import org.anp.transport.internal.e2e.OutgoingPayloads;
import org.anp.transport.internal.e2e.OutgoingPayloads.Outgoing;
import org.anp.transport.internal.e2e.OutputCollector;

/**
 * The E2E layer of one local DID, without I/O: turns payloads for a peer into frames (running a
 * handshake first when no live key exists), and inbound frames into delivered payloads and
 * replies. The caller moves the {@link Output#outbound()} frames over any transport.
 *
 * <p>Keys: outbound payloads use the peer's live key from the {@link SessionKeyStore}; a key that
 * expires within {@code renewBefore} is still used while a new handshake runs. A receiver without
 * a live key for a frame answers with a {@code response} (4003 unknown, 4005 expired, 4001
 * undecryptable); on 4002-4005 for a frame we sent, the sender drops that key, renegotiates and
 * resends the same payload under the same {@code messageId}, at most
 * {@link Builder#maxResends(int)} times. A refusal that arrives while the resend still waits for
 * its handshake refused an earlier copy and is ignored. Receivers drop a payload whose
 * {@code (sourceDid, messageId)} they already delivered, so a forged error response can cost a
 * renegotiation but never a duplicate delivery. Several handshakes with one peer may run at once.
 *
 * <p>Early messages (decision record 0008): a message under a key the receiver does not know
 * while a handshake with its sender is under way is held, not refused, since after a reconnect
 * a relay may hand it over before the Finished that confirms its key. When a handshake with that
 * sender ends, held messages whose key is now known are delivered; the others wait for the
 * sender's other handshakes still under way, or are answered 4003. A message is held at most one
 * handshake timeout, and at most {@link Builder#maxEarlyMessages(int, int)} per sender and in
 * all; beyond that it is answered 4003 at once. Nothing is decrypted under a key before its
 * Finished is verified. A copy of a destinationHello or Finished that a handshake already took
 * (same {@code messageId}) is dropped.
 *
 * <p>Limits: handshakes answered for peers (responder side) are bounded per peer DID and in total
 * ({@link Builder#maxResponderHandshakes(int, int)}); a sourceHello beyond either bound is dropped
 * unanswered and reported as {@code RATE_LIMITED} in {@link Output#failures()}, so a flood from
 * one DID uses up only its own share. Every handshake, ours or a peer's, that has not completed
 * within the handshake timeout is dropped by {@link #expire(Instant)}. Relay statuses 200 and 202
 * that reach {@link #receive} are not errors and are ignored.
 *
 * <p>Peer documents: for peers other than did:all, each hello waits for the peer's document from
 * the configured {@link DidResolver} (its bounded, expiring cache) and is verified against that
 * current document; the endpoint keeps no copy. A hello signed by a key the peer has since
 * rotated out or revoked fails with {@code DID_KEY_MISMATCH} once the resolver serves the new
 * document. Sessions already established keep their keys until they expire.
 *
 * <p>Thread-safe: every operation is serialized on the endpoint. When a document is not in the
 * resolver's cache, the returned future completes on the resolver's thread.
 */
public final class E2eEndpoint {
  private final HandshakeConfig config;
  private final String localDid;
  private final SessionKeyStore keyStore;
  private final Optional<DidResolver> resolver;
  private final Duration renewBefore;
  private final Duration resendWindow;
  /**
   * The peer document resolved for the hello being processed, if any; set and cleared under the
   * endpoint's lock around each inbound frame. Documents are not kept here: the resolver's
   * bounded, expiring cache is the only copy, so a key the peer rotated or revoked stops being
   * trusted when that cache entry expires.
   */
  private Optional<DidDocument> helloDocument = Optional.empty();
  private final HandshakesInProgress handshakes;
  private final EarlyMessages early;
  private final int maxResends;
  private final OutgoingPayloads outgoing;
  private final DeliveredIds delivered = new DeliveredIds();

  private E2eEndpoint(Builder b) {
    this.resolver = b.resolver;
    this.config =
        b.resolver.isPresent()
            ? b.config.toBuilder().keyBinding(HelloKeyBinding.standard(this::helloDocument)).build()
            : b.config;
    this.localDid = config.localDid().toString();
    this.keyStore = b.keyStore != null ? b.keyStore : SessionKeyStore.inMemory(10_000, config.clock());
    this.renewBefore = b.renewBefore;
    this.resendWindow = b.resendWindow;
    this.outgoing = new OutgoingPayloads(b.resendWindow);
    this.handshakes = new HandshakesInProgress(b.maxRespondingPerPeer, b.maxResponding);
    this.early = new EarlyMessages(b.maxEarlyPerPeer, b.maxEarly);
    this.maxResends = b.maxResends;
  }

  public static Builder builder(HandshakeConfig config) {
    return new Builder(config);
  }

  /** The local DID. */
  public Did localDid() {
    return config.localDid();
  }

  /** The key store holding this endpoint's sessions. */
  public SessionKeyStore keyStore() {
    return keyStore;
  }

  /**
   * Sends {@code payload} to {@code remoteDid}: an encrypted frame now if a live key exists,
   * otherwise after a handshake (whose sourceHello is in the output).
   */
  public Output send(String remoteDid, byte[] payload) {
    return send(remoteDid, Frames.newId(config.random()), payload);
  }

  /**
   * As {@link #send(String, byte[])}, under a {@code messageId} chosen by the caller, so that a
   * transport can match the frame (sent now or after the handshake) and any failure to its own
   * bookkeeping. The id must be unique for this endpoint; a peer drops a second payload carrying
   * an id it already delivered from us.
   *
   * @throws IllegalArgumentException if {@code messageId} is empty
   */
  public synchronized Output send(String remoteDid, String messageId, byte[] payload) {
    Objects.requireNonNull(remoteDid, "remoteDid");
    Objects.requireNonNull(messageId, "messageId");
    if (messageId.isEmpty()) {
      throw new IllegalArgumentException("messageId must not be empty");
    }
    OutputCollector out = new OutputCollector();
    dispatch(Outgoing.of(remoteDid, messageId, payload.clone()), out);
    return out.build();
  }

  /**
   * Ends every handshake that has not completed within the config's handshake timeout as of
   * {@code now}: payloads waiting for such a handshake of ours fail with {@code HANDSHAKE_TIMEOUT}
   * in {@link Output#failures()}, and the next send to that peer starts a new handshake. Call it
   * periodically: without it a handshake whose peer never answers is only noticed when a frame of
   * that session arrives.
   */
  public synchronized Output expire(Instant now) {
    Objects.requireNonNull(now, "now");
    OutputCollector out = new OutputCollector();
    for (EarlyMessages.Early e : early.expire(now)) {
      refuseUnknownKey(e.message(), out);
    }
    for (String sessionId : handshakes.expired(now)) {
      Optional<String> peer = handshakes.end(sessionId);
      if (peer.isPresent() && handshakes.stopInitiating(peer.get(), sessionId)) {
        failQueued(peer.get(), new TransportException(TransportError.HANDSHAKE_TIMEOUT,
            "handshake " + sessionId + ": not complete within " + config.handshakeTimeout().toSeconds() + " s"), out);
      }
      peer.ifPresent(p -> releaseEarly(p, out));
    }
    return out.build();
  }

  /**
   * Starts a fresh handshake with {@code remoteDid} if payloads wait for one, even though one is
   * already running: for a transport that learns the peer has just come back online while our
   * hello waited so long that the peer may refuse it as stale. The earlier handshake is kept
   * until it completes or expires; whichever completes first releases the waiting payloads.
   * Returns an empty output when nothing waits for {@code remoteDid}.
   */
  public synchronized Output restartHandshake(String remoteDid) {
    Objects.requireNonNull(remoteDid, "remoteDid");
    OutputCollector out = new OutputCollector();
    if (outgoing.anyWaitingFor(remoteDid)) {
      handshakes.forgetInitiating(remoteDid);
      startHandshake(remoteDid, out);
    }
    return out.build();
  }

  /**
   * Processes one inbound frame. Never fails exceptionally: problems are reported in
   * {@link Output#failures()} (and answered with a {@code response} frame where the spec has one).
   */
  public CompletableFuture<Output> receive(E2eMessage inbound) {
    Objects.requireNonNull(inbound, "inbound");
    Optional<String> needsDocument = helloSender(inbound).filter(did -> !did.startsWith("did:all:"));
    if (needsDocument.isPresent() && resolver.isPresent()) {
      // Every hello asks the resolver: its cache answers at once while the entry is fresh, and
      // fetches the current document once it has expired.
      return resolver.get()
          .resolve(needsDocument.get())
          .handle((doc, error) -> receiveNow(inbound, Optional.ofNullable(doc)));
    }
    return CompletableFuture.completedFuture(receiveNow(inbound, Optional.empty()));
  }

  private synchronized Output receiveNow(E2eMessage inbound, Optional<DidDocument> senderDocument) {
    helloDocument = senderDocument;
    try {
      return process(inbound);
    } finally {
      helloDocument = Optional.empty();
    }
  }

  /** The key binding's view of documents: the hello sender's, resolved for this frame only. */
  private Optional<DidDocument> helloDocument(String did) {
    return helloDocument.filter(d -> d.id().toString().equals(did));
  }

  private Output process(E2eMessage inbound) {
    OutputCollector out = new OutputCollector();
    prune();
    if (inbound instanceof SourceHello hello) {
      onSourceHello(hello, out);
    } else if (inbound instanceof DestinationHello hello) {
      onSessionFrame(hello.sessionId(), hello.sourceDid(), inbound, out);
    } else if (inbound instanceof Finished finished) {
      onSessionFrame(finished.sessionId(), finished.sourceDid(), inbound, out);
    } else if (inbound instanceof EncryptedMessage message) {
      onMessage(message, out);
    } else if (inbound instanceof ErrorResponse response) {
      onResponse(response, out);
    }
    return out.build();
  }

  private void onSourceHello(SourceHello hello, OutputCollector out) {
    if (handshakes.engine(hello.sessionId()).isPresent()) {
      out.fail(hello.sourceDid(), hello.messageId(),
          new TransportException(TransportError.UNEXPECTED_MESSAGE, "sessionId: already in use"));
      return;
    }
    String peer = hello.sourceDid();
    Optional<String> limit = handshakes.responderLimit(peer);
    if (limit.isPresent()) {
      // Dropped unanswered: an answer would cost the crypto the limit is there to save.
      out.fail(peer, hello.messageId(), new TransportException(TransportError.RATE_LIMITED, "sourceHello: " + limit.get()));
      return;
    }
    HandshakeEngine engine = HandshakeEngine.responder(config);
    try {
      HandshakeEngine.Step step = engine.receive(hello);
      handshakes.beginResponder(hello.sessionId(), engine, peer, handshakeDeadline());
      out.send(step.outbound());
    } catch (TransportException e) {
      reject(hello, hello.sourceDid(), e, out);
    }
  }

  private void onSessionFrame(String sessionId, String sender, E2eMessage inbound, OutputCollector out) {
    HandshakeEngine engine = handshakes.engine(sessionId).orElse(null);
    if (engine == null) {
      out.fail(sender, inbound.messageId(),
          new TransportException(TransportError.UNEXPECTED_MESSAGE, "sessionId: no such handshake"));
      return;
    }
    if (!handshakes.firstCopy(sessionId, inbound.messageId())) {
      // A copy of a frame this handshake already took (relays redeliver, senders resend after a
      // reconnect): the engine would take it for a protocol violation and fail the handshake.
      return;
    }
    try {
      HandshakeEngine.Step step = engine.receive(inbound);
      out.send(step.outbound());
      step.session().ifPresent(session -> established(sessionId, engine, session, out));
    } catch (TransportException e) {
      Optional<String> peer = handshakes.end(sessionId);
      if (handshakes.stopInitiating(sender, sessionId)) {
        failQueued(sender, e, out);
      }
      reject(inbound, sender, e, out);
      peer.ifPresent(p -> releaseEarly(p, out));
    }
  }

  private void established(String sessionId, HandshakeEngine engine, SecureSession session, OutputCollector out) {
    handshakes.end(sessionId);
    keyStore.put(session);
    out.established(new SessionEstablished(Did.parse(session.remoteDid()), sessionId, session.secretKeyId(),
        session.role(), engine.peerMetaProtocol(), engine.localMetaProtocol()));
    handshakes.stopInitiating(session.remoteDid(), sessionId);
    releaseEarly(session.remoteDid(), out);
    for (Outgoing o : outgoing.takeWaiting(session.remoteDid())) {
      dispatch(o, out);
    }
  }

  private void onMessage(EncryptedMessage message, OutputCollector out) {
    Optional<SecureSession> session = sessionOf(message);
    if (session.isPresent()) {
      decryptAndDeliver(message, session.get(), out);
    } else {
      holdOrRefuse(message, config.clock().instant().plus(config.handshakeTimeout()), out);
    }
  }

  private Optional<SecureSession> sessionOf(EncryptedMessage message) {
    return keyStore.bySecretKeyId(message.secretKeyId())
        .filter(s -> s.remoteDid().equals(message.sourceDid()) && s.localDid().equals(message.destinationDid()));
  }

  /** Holds a message under an unknown key while a handshake with its sender is under way. */
  private void holdOrRefuse(EncryptedMessage message, Instant until, OutputCollector out) {
    boolean holdable = handshakes.anyWith(message.sourceDid())
        && message.destinationDid().equals(localDid);
    if (!holdable || !early.hold(message, until)) {
      refuseUnknownKey(message, out);
    }
  }

  /**
   * A handshake with {@code peer} ended: messages held from it whose key is now known are
   * delivered; the others wait for its handshakes still under way, or are refused.
   */
  private void releaseEarly(String peer, OutputCollector out) {
    for (EarlyMessages.Early e : early.release(peer)) {
      Optional<SecureSession> session = sessionOf(e.message());
      if (session.isPresent()) {
        decryptAndDeliver(e.message(), session.get(), out);
      } else {
        holdOrRefuse(e.message(), e.until(), out);
      }
    }
  }

  private void refuseUnknownKey(EncryptedMessage message, OutputCollector out) {
    out.settle(message);
    reject(message, message.sourceDid(),
        new TransportException(TransportError.DECRYPTION_KEY_UNKNOWN,
            "secretKeyId: " + message.secretKeyId() + " unknown"), out);
  }

  private void decryptAndDeliver(EncryptedMessage message, SecureSession session, OutputCollector out) {
    out.settle(message);
    if (delivered.contains(message.sourceDid(), message.messageId())) {
      return; // a repeat of a payload the application has: settled without a refusal
    }
    byte[] payload;
    try {
      payload = session.decrypt(message);
    } catch (TransportException e) {
      if (e.code() == TransportError.MESSAGE_REPLAYED && !outsideMessageWindow(message)) {
        // A frame accepted before (same IV) under a rewritten messageId: dropped unanswered.
        out.fail(message.sourceDid(), message.messageId(), e);
      } else {
        // Refused, also when only its timestamp is out of the window: the payload never reached
        // the application, and an acknowledgement would tell its sender it had (decision 0065).
        reject(message, message.sourceDid(), e, out);
      }
      return;
    }
    delivered.add(message.sourceDid(), message.messageId(),
        config.clock().instant().plus(resendWindow).plus(config.sessionLimits().maxMessageAge()));
    out.deliver(new ReceivedMessage(Did.parse(message.sourceDid()), message.messageId(), payload));
  }

  private boolean outsideMessageWindow(EncryptedMessage message) {
    Instant now = config.clock().instant();
    SessionLimits limits = config.sessionLimits();
    return message.timestamp().isBefore(now.minus(limits.maxMessageAge()))
        || message.timestamp().isAfter(now.plus(limits.maxFutureSkew()));
  }

  private void onResponse(ErrorResponse response, OutputCollector out) {
    Optional<TransportError> error = TransportError.fromResponseCode(response.code());
    if (error.isEmpty()) {
      return; // a relay's 200 or 202: a status, not a failure
    }
    Optional<Outgoing> original = response.originalMessageId().flatMap(outgoing::sent);
    boolean keyProblem = response.code() >= 4002 && response.code() <= 4005;
    if (keyProblem && original.isEmpty() && response.originalMessageId().filter(outgoing::waits).isPresent()) {
      return; // refuses an earlier copy; the resend already waits for a fresh handshake
    }
    if (original.isEmpty() || !keyProblem) {
      String peer = response.sourceDid().orElse("");
      out.fail(peer, response.originalMessageId().orElse(""),
          new TransportException(error.get(), "response " + response.code() + " for " + response.originalType()));
      return;
    }
    Outgoing o = original.get();
    outgoing.forgetSent(o.messageId());
    keyStore.remove(o.secretKeyId());
    if (o.resends() >= maxResends) {
      out.fail(o.remoteDid(), o.messageId(),
          new TransportException(TransportError.DELIVERY_FAILED,
              "payload refused after " + o.resends() + " renegotiations (code " + response.code() + ")"));
      return;
    }
    dispatch(o.resend(), out);
  }

  private void dispatch(Outgoing o, OutputCollector out) {
    Optional<SecureSession> current = keyStore.current(localDid, o.remoteDid());
    Instant now = config.clock().instant();
    if (current.isPresent()) {
      SecureSession session = current.get();
      if (!now.plus(renewBefore).isBefore(session.expiresAt())) {
        startHandshake(o.remoteDid(), out);
      }
      try {
        out.send(List.of(session.encrypt(o.messageId(), o.payload())));
        outgoing.sent(o, session.secretKeyId(), now);
        return;
      } catch (TransportException e) {
        keyStore.remove(session.secretKeyId());
      }
    }
    outgoing.await(o);
    startHandshake(o.remoteDid(), out);
  }

  private void startHandshake(String remoteDid, OutputCollector out) {
    if (handshakes.initiatingWith(remoteDid)) {
      return;
    }
    HandshakeEngine engine = HandshakeEngine.initiator(config, remoteDid);
    HandshakeEngine.Step step;
    try {
      step = engine.start();
    } catch (TransportException e) {
      failQueued(remoteDid, e, out); // the hello-extension hook failed: nothing can be sent
      return;
    }
    handshakes.beginInitiator(engine.sessionId().orElseThrow(), engine, remoteDid, handshakeDeadline());
    out.send(step.outbound());
  }

  private void failQueued(String remoteDid, TransportException cause, OutputCollector out) {
    for (Outgoing o : outgoing.takeWaiting(remoteDid)) {
      out.fail(remoteDid, o.messageId(), new TransportException(TransportError.DELIVERY_FAILED,
          "handshake failed: " + cause.code(), cause));
    }
  }

  private void reject(E2eMessage inbound, String sender, TransportException e, OutputCollector out) {
    out.refuse(inbound, localDid, sender, e, config.clock().instant(), Frames.newId(config.random()));
  }

  /**
   * Drops delivered ids and sent payloads older than their windows, in amortized constant time
   * per call (a full scan per inbound frame made bursts quadratic).
   */
  private void prune() {
    Instant now = config.clock().instant();
    delivered.prune(now);
    outgoing.prune(now);
  }

  private Instant handshakeDeadline() {
    return config.clock().instant().plus(config.handshakeTimeout());
  }

  private static Optional<String> helloSender(E2eMessage inbound) {
    if (inbound instanceof SourceHello h) {
      return Optional.of(h.sourceDid());
    }
    if (inbound instanceof DestinationHello h) {
      return Optional.of(h.sourceDid());
    }
    return Optional.empty();
  }

  /** A frame or payload that failed, with the peer and message id it concerns. */
  public record Failure(String remoteDid, String messageId, TransportException error) {}

  /**
   * An inbound message whose fate a call decided: delivered, dropped as a repeat, or refused (its
   * {@code response} is then in the same output). A message held for a handshake (decision record
   * 0008) is settled by the later call that delivers or refuses it.
   */
  public record Settled(String senderDid, String messageId) {}

  /**
   * Frames to send, payloads delivered, failures, the inbound messages settled and the sessions
   * established, from one call. A transport that acknowledges messages end to end waits for
   * {@link #settled()}: every inbound message is settled exactly once, by the call that takes it
   * or a later one. A session is reported in the output of the call that verified its last
   * Finished, before the payloads that waited for it are sent.
   */
  public record Output(List<E2eMessage> outbound, List<ReceivedMessage> delivered, List<Failure> failures,
      List<Settled> settled, List<SessionEstablished> established) {
    public Output {
      outbound = List.copyOf(outbound);
      delivered = List.copyOf(delivered);
      failures = List.copyOf(failures);
      settled = List.copyOf(settled);
      established = List.copyOf(established);
    }

    /** An output that settles no inbound message and establishes no session. */
    public Output(List<E2eMessage> outbound, List<ReceivedMessage> delivered, List<Failure> failures) {
      this(outbound, delivered, failures, List.of(), List.of());
    }
  }

  /**
   * Builder: the handshake config is required; the key store defaults to an in-memory one,
   * {@code renewBefore} to 1 minute, {@code resendWindow} (how long a sent payload is kept for
   * a resend) to 2 minutes, responder handshakes in progress to 8 per peer and 1,000 in all,
   * early messages held to 64 per peer and 1,000 in all, resends after a key refusal to 3.
   * Without a resolver only did:all peers (and whatever the config's
   * key binding accepts) can be verified. Not thread-safe.
   */
  public static final class Builder {
    private final HandshakeConfig config;
    private SessionKeyStore keyStore;
    private Optional<DidResolver> resolver = Optional.empty();
    private Duration renewBefore = Duration.ofMinutes(1);
    private Duration resendWindow = Duration.ofMinutes(2);
    private int maxRespondingPerPeer = 8;
    private int maxResponding = 1_000;
    private int maxEarlyPerPeer = 64;
    private int maxEarly = 1_000;
    private int maxResends = 3;

    private Builder(HandshakeConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    public Builder keyStore(SessionKeyStore keyStore) {
      this.keyStore = Objects.requireNonNull(keyStore, "keyStore");
      return this;
    }

    /** Resolves non-did:all peers before their hellos are verified; replaces the config's binding. */
    public Builder resolver(DidResolver resolver) {
      this.resolver = Optional.of(resolver);
      return this;
    }

    public Builder renewBefore(Duration renewBefore) {
      this.renewBefore = Objects.requireNonNull(renewBefore, "renewBefore");
      return this;
    }

    public Builder resendWindow(Duration resendWindow) {
      this.resendWindow = Objects.requireNonNull(resendWindow, "resendWindow");
      return this;
    }

    /**
     * Most handshakes answered for one peer DID and for all peers together that may be in
     * progress at once (defaults 8 and 1,000); a sourceHello beyond either is dropped unanswered.
     *
     * @throws IllegalArgumentException unless {@code 1 <= perPeer <= total}
     */
    public Builder maxResponderHandshakes(int perPeer, int total) {
      if (perPeer < 1 || total < perPeer) {
        throw new IllegalArgumentException("maxResponderHandshakes: need 1 <= perPeer <= total, got " + perPeer + ", " + total);
      }
      this.maxRespondingPerPeer = perPeer;
      this.maxResponding = total;
      return this;
    }

    /**
     * Most messages under a not yet confirmed key held from one sender and from all senders
     * together (defaults 64 and 1,000); a message beyond either is answered 4003 at once, and
     * {@code 0} turns holding off.
     *
     * @throws IllegalArgumentException unless {@code 0 <= perPeer <= total}
     */
    public Builder maxEarlyMessages(int perPeer, int total) {
      if (perPeer < 0 || total < perPeer) {
        throw new IllegalArgumentException("maxEarlyMessages: need 0 <= perPeer <= total, got " + perPeer + ", " + total);
      }
      this.maxEarlyPerPeer = perPeer;
      this.maxEarly = total;
      return this;
    }

    /**
     * How often one payload is renegotiated and resent after its peer refused its key
     * (4002-4005), default 3; the refusal after the last resend fails it with
     * {@code DELIVERY_FAILED}, and {@code 0} never resends.
     *
     * @throws IllegalArgumentException if {@code maxResends} is negative
     */
    public Builder maxResends(int maxResends) {
      if (maxResends < 0) {
        throw new IllegalArgumentException("maxResends: " + maxResends);
      }
      this.maxResends = maxResends;
      return this;
    }

    public E2eEndpoint build() {
      if (renewBefore.isNegative() || resendWindow.isNegative()) {
        throw new IllegalStateException("renewBefore and resendWindow must not be negative");
      }
      return new E2eEndpoint(this);
    }
  }
}
