package org.anp.meta.internal.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.anp.identity.did.Did;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.ProtocolHash;
import org.anp.meta.handler.ProtocolCodeGenerator;
import org.anp.meta.handler.ProtocolHandler;
import org.anp.meta.handler.Verification;
import org.anp.meta.handler.ViolationSink;
import org.anp.meta.negotiation.MetaCapability;
import org.anp.meta.negotiation.MetaProtocolBlock;
import org.anp.meta.negotiation.NegotiationConfig;
import org.anp.meta.negotiation.NegotiationEngine;
import org.anp.meta.negotiation.NegotiationEvent;
import org.anp.meta.negotiation.NegotiationState;
import org.anp.meta.negotiation.SessionCapabilities;
import org.anp.meta.negotiation.ZeroRtt;
import org.anp.meta.negotiator.Proposal.Role;
import org.anp.meta.negotiator.TestCases;
import org.anp.meta.session.AgreedProtocol;
import org.anp.meta.session.MetaProtocolListener;
import org.anp.meta.store.ProtocolStore;
import org.anp.meta.store.StoredProtocol;
import org.anp.meta.wire.FixErrorNegotiation;
import org.anp.meta.wire.Frame;
import org.anp.meta.wire.MetaMessage;
import org.anp.meta.wire.NegotiationStatus;
import org.anp.meta.wire.ProtocolNegotiation;
import org.anp.transport.e2e.ReceivedMessage;
import org.anp.transport.e2e.SessionEstablished;
import org.anp.transport.messenger.AgentMessenger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver behind {@code MetaProtocolAgent}: runs the sans-IO negotiation engines of every
 * peer over one {@link AgentMessenger}, on one thread of its own. Received payloads are routed
 * by their PT header (negotiation to the engine, application to the handler, natural language to
 * the callback, verification to the verification run and never to the application); engine
 * deadlines are scheduled on that thread from the injected clock; the events are carried out
 * (code generation, test runs, storing). Decision record 0053.
 */
public final class AgentCore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AgentCore.class);

  /**
   * What the agent is made of.
   *
   * @param messenger the messenger, built with {@code blocks} as its hello extensions and
   *     {@code loop} as its callback executor (its listeners run on the agent's thread)
   * @param blocks the hello blocks
   * @param store where agreed protocols are kept
   * @param template engine settings; the capabilities are replaced per session
   * @param requesterGenerator makes handlers of protocols this side asked for
   * @param providerGenerator makes handlers of protocols this side serves
   * @param listener observer of messages and events
   * @param naturalLanguage receives PT=10 text
   * @param requestTimeout longest wait for an application reply
   * @param capabilityTimeout longest time a provider's capability may take for one request
   * @param loop the agent's thread
   */
  public record Settings(
      AgentMessenger messenger,
      HelloBlocks blocks,
      ProtocolStore store,
      NegotiationConfig template,
      ProtocolCodeGenerator requesterGenerator,
      ProtocolCodeGenerator providerGenerator,
      MetaProtocolListener listener,
      BiConsumer<Did, String> naturalLanguage,
      Duration requestTimeout,
      Duration capabilityTimeout,
      ScheduledExecutorService loop) {}

  private final Settings s;
  private final Clock clock;
  /** Written on the agent's thread; read by {@link #request} on the caller's. */
  private final Map<Did, PeerLink> links = new ConcurrentHashMap<>();
  /** Provider: each application request within its time limit. */
  private final CapabilityWatchdog watchdog;
  /** Requester: each application request's reply within the request timeout. */
  private final RequestDeadlines deadlines;
  private final ReusableProtocols reusable;

  public AgentCore(Settings settings) {
    this.s = settings;
    this.clock = settings.template().clock();
    this.watchdog = new CapabilityWatchdog(settings.capabilityTimeout());
    this.deadlines = new RequestDeadlines(settings.requestTimeout(), settings.loop(), links.values());
    this.reusable = new ReusableProtocols(settings.store(), settings.template().negotiator());
    for (StoredProtocol p : settings.store().list()) {
      settings.blocks().hold(p.hash());
    }
    // The messenger calls back on the agent's thread (its callback executor): no hand-off.
    settings.messenger().onSessionEstablished(this::onSession);
    settings.messenger().onMessage(this::onPayload);
    post(JsonBuffers::prepare); // decision record 0090
  }

  /** Opens (or reuses) a protocol with {@code peer} for {@code need}. */
  public CompletableFuture<AgreedProtocol> negotiate(Did peer, String need) {
    CompletableFuture<AgreedProtocol> f = new CompletableFuture<>();
    boolean posted = post(() -> {
      PeerLink link = link(peer);
      if (link.pendingAgreement != null || link.negotiating()) {
        f.completeExceptionally(new MetaProtocolException(
            MetaProtocolError.NEGOTIATION_IN_PROGRESS, "a negotiation with " + peer + " is under way"));
        return;
      }
      if (link.ready() && link.role == Role.REQUESTER && reusable.serves(link.engine.agreedProtocol().orElseThrow(), need)) {
        String protocol = link.engine.agreedProtocol().orElseThrow();
        f.complete(new AgreedProtocol(peer, ProtocolHash.of(protocol), protocol, link.handler, true, Optional.empty()));
        return;
      }
      link.pendingNeed = need;
      link.pendingAgreement = f;
      if (link.hasSession()) {
        startRequester(link);
      } else {
        s.blocks().offerNext(peer, reusable.find(peer, need));
        send(link, Frame.naturalLanguage("")); // opens the session: the hellos carry the blocks
      }
    });
    return posted ? f : closed(f);
  }

  /**
   * Sends one application request under the protocol agreed with {@code peer}, on the caller's
   * thread: the handler is thread-safe and the agent's thread publishes it when it becomes
   * ready, so a request costs no hand-off to that thread (issue 14, row B).
   */
  public CompletableFuture<JsonNode> request(Did peer, JsonNode request) {
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    if (s.loop().isShutdown()) {
      return closed(f);
    }
    PeerLink link = links.get(peer);
    ProtocolHandler handler = link == null ? null : link.requesterHandler();
    if (handler == null) {
      f.completeExceptionally(new MetaProtocolException(
          MetaProtocolError.UNEXPECTED_MESSAGE, "no protocol asked for by this side is ready with " + peer));
      return f;
    }
    byte[] payload;
    try {
      payload = Frame.application(handler.encodeRequest(request)).encode();
    } catch (MetaProtocolException e) {
      f.completeExceptionally(e);
      return f;
    }
    PeerLink.WaitingReply waiting = new PeerLink.WaitingReply(f, deadlines.deadlineFromNow());
    // The send completes on the agent's thread (the messenger's callback executor); the async
    // stage keeps the rare send completed before this line there as well.
    link.sendRequest(waiting, () -> s.messenger().send(peer, payload).whenCompleteAsync((r, ex) -> {
      if (ex != null) {
        f.completeExceptionally(ex instanceof CompletionException ? ex.getCause() : ex);
      } else {
        deadlines.arm();
      }
    }, this::post));
    return f;
  }

  /** Sends natural-language text (PT=10) to {@code peer}. */
  public CompletableFuture<Void> say(Did peer, String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("text: empty");
    }
    return s.messenger().send(peer, Frame.naturalLanguage(text).encode()).thenApply(r -> null);
  }

  /** Fires every engine timeout that is due on the clock now; completes when done. */
  public CompletableFuture<Void> tick() {
    try {
      return CompletableFuture.runAsync(() -> links.values().forEach(this::tickLink), s.loop());
    } catch (RejectedExecutionException e) {
      return closed(new CompletableFuture<>());
    }
  }

  /** Fails what still waits, stops the agent's thread and closes the messenger. */
  @Override
  public void close() {
    MetaProtocolException closed =
        new MetaProtocolException(MetaProtocolError.NEGOTIATION_TIMEOUT, "the agent was closed");
    try {
      s.loop().submit(() -> links.values().forEach(link -> {
        cancelTimer(link);
        link.failAgreement(closed);
        link.failRequests(closed);
      })).get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
      log.debug("closing: {}", e.toString());
    }
    s.messenger().close(); // its last callbacks (sends it fails) still run on the agent's thread
    s.loop().shutdown();
  }

  /** Runs {@code task} on the agent's thread; false (dropped) once the agent is closed. */
  private boolean post(Runnable task) {
    try {
      s.loop().execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      log.debug("agent closed, task dropped");
      return false;
    }
  }

  private static <T> CompletableFuture<T> closed(CompletableFuture<T> f) {
    f.completeExceptionally(new MetaProtocolException(MetaProtocolError.NEGOTIATION_TIMEOUT, "the agent was closed"));
    return f;
  }

  // ---- sessions ----

  private void onSession(SessionEstablished e) {
    PeerLink link = link(e.peerDid());
    Optional<MetaProtocolBlock> local = block(e.localMetaProtocol());
    Optional<MetaProtocolBlock> remote = block(e.peerMetaProtocol());
    SessionCapabilities caps = SessionCapabilities.MANDATORY_ONLY;
    Optional<ProtocolHash> reuse = Optional.empty();
    if (local.isPresent() && remote.isPresent()) {
      try {
        caps = SessionCapabilities.between(local.get(), remote.get());
      } catch (MetaProtocolException ex) {
        log.info("session with {}: {}", e.peerDid(), ex.getMessage());
      }
      boolean initiator = e.role() == org.anp.transport.e2e.Role.INITIATOR;
      reuse = initiator ? ZeroRtt.agreed(local.get(), remote.get()) : ZeroRtt.agreed(remote.get(), local.get());
    }
    link.sessionId = e.sessionId();
    link.capabilities = caps;
    s.blocks().offerNext(e.peerDid(), Optional.empty());
    boolean initiator = e.role() == org.anp.transport.e2e.Role.INITIATOR;
    if (reuse.isPresent() && reuse(link, reuse.get(), initiator ? Role.REQUESTER : Role.PROVIDER)) {
      return;
    }
    if (link.pendingNeed != null && !link.negotiating()) {
      startRequester(link);
    }
  }

  private static Optional<MetaProtocolBlock> block(Optional<JsonNode> json) {
    try {
      return json.map(MetaProtocolBlock::parse);
    } catch (MetaProtocolException e) {
      return Optional.empty();
    }
  }

  /** Goes straight to READY with a stored protocol (0-RTT); false if it cannot be restored. */
  private boolean reuse(PeerLink link, ProtocolHash hash, Role role) {
    StoredProtocol stored;
    ProtocolHandler handler;
    try {
      stored = s.store().find(hash).orElse(null);
      if (stored == null) {
        return false;
      }
      ProtocolCodeGenerator g = role == Role.REQUESTER ? s.requesterGenerator() : s.providerGenerator();
      handler = g.restore(stored.protocol(), stored.handlerForm(), violations(link));
      s.store().put(stored.usedAt(clock.instant()));
    } catch (MetaProtocolException e) {
      log.warn("stored protocol {} cannot be reused: {}", hash, e.getMessage());
      return false;
    }
    link.replaceEngine(NegotiationEngine.reused(config(link), role, stored.protocol()), role);
    link.handler = handler;
    if (role == Role.PROVIDER) {
      link.testHandler = handler;
    }
    cancelTimer(link);
    armRequestChecks(link);
    s.listener().event(link.peer, new NegotiationEvent.Ready(stored.protocol(), hash));
    link.completeAgreement(new AgreedProtocol(link.peer, hash, stored.protocol(), handler, true, Optional.empty()));
    return true;
  }

  private void startRequester(PeerLink link) {
    NegotiationEngine engine = NegotiationEngine.requester(config(link), link.pendingNeed);
    link.replaceEngine(engine, Role.REQUESTER);
    link.pendingNeed = null;
    try {
      apply(link, engine.start());
    } catch (RuntimeException e) {
      link.failAgreement(e);
    }
  }

  private NegotiationConfig config(PeerLink link) {
    return s.template().toBuilder().capabilities(link.capabilities).build();
  }

  // ---- received payloads ----

  private void onPayload(ReceivedMessage m) {
    Frame frame;
    try {
      frame = Frame.decode(m.payload(), s.template().limits().maxMessageBytes() + 1);
    } catch (MetaProtocolException e) {
      log.info("dropped a payload from {}: {}", m.senderDid(), e.getMessage());
      return;
    }
    PeerLink link = link(m.senderDid());
    switch (frame.type()) {
      case META -> onNegotiation(link, frame);
      case APPLICATION -> onApplication(link, frame.data());
      case NATURAL_LANGUAGE -> onNaturalLanguage(link, frame);
      case VERIFICATION -> onVerification(link, frame);
    }
  }

  private void onNegotiation(PeerLink link, Frame frame) {
    MetaMessage message;
    try {
      message = frame.metaMessage(s.template().limits());
    } catch (MetaProtocolException e) {
      if (link.negotiating()) {
        apply(link, link.engine.receive(frame.data())); // the engine answers it as the spec says
      } else {
        log.info("dropped a malformed negotiation message from {}: {}", link.peer, e.getMessage());
      }
      return;
    }
    s.listener().messageReceived(link.peer, message);
    if (message instanceof ProtocolNegotiation pn
        && pn.status() == NegotiationStatus.NEGOTIATING
        && !link.negotiating()
        && link.pendingAgreement == null) {
      link.replaceEngine(NegotiationEngine.provider(config(link)), Role.PROVIDER);
    }
    if (message instanceof FixErrorNegotiation fe && fe.status() == NegotiationStatus.NEGOTIATING) {
      link.nextRequest().ifPresent(f -> f.completeExceptionally(new MetaProtocolException(
          MetaProtocolError.PROTOCOL_VIOLATION, "the peer reports a violation: " + fe.errorDescription())));
    }
    if (link.engine == null) {
      log.info("dropped {} from {}: no negotiation", message.action(), link.peer);
      return;
    }
    apply(link, link.engine.receive(message));
  }

  private void onApplication(PeerLink link, byte[] data) {
    if (!link.ready()) {
      log.info("dropped an application payload from {}: no protocol is ready", link.peer);
      return;
    }
    if (link.role == Role.REQUESTER) {
      Optional<CompletableFuture<JsonNode>> waiting = link.nextRequest();
      if (waiting.isEmpty()) {
        log.info("dropped an application payload from {}: no request is waiting", link.peer);
        return;
      }
      try {
        waiting.get().complete(link.handler.decodeResponse(data));
      } catch (MetaProtocolException e) {
        waiting.get().completeExceptionally(e); // the handler reported the violation
      }
      return;
    }
    ProtocolHandler handler = link.handler;
    watchdog.run(
        () -> handler.handleRequest(data),
        reply -> {
          send(link, Frame.application(reply));
          s.listener().requestServed(link.peer);
        },
        error -> {
          log.info("request from {} not served: {}", link.peer, error.getMessage());
          // A violation by the peer is answered with a fix-error negotiation (the handler's
          // sink); a failure of this side is answered at once, so the requester does not wait.
          if (error.code() != MetaProtocolError.PROTOCOL_VIOLATION) {
            send(link, ErrorReply.frame(error));
          }
          post(() -> s.listener().requestNotServed(link.peer, error.code()));
        });
  }

  private void onNaturalLanguage(PeerLink link, Frame frame) {
    String text;
    try {
      text = frame.naturalLanguageText();
    } catch (MetaProtocolException e) {
      log.info("dropped natural-language data from {}: {}", link.peer, e.getMessage());
      return;
    }
    if (text.isEmpty()) { // an empty frame only opened the session
      return;
    }
    if (link.role == Role.REQUESTER && !link.requests.isEmpty()) {
      Optional<MetaProtocolException> error = ErrorReply.parse(text);
      if (error.isPresent()) { // the provider's answer to the oldest request: it failed
        link.nextRequest().ifPresent(f -> f.completeExceptionally(error.get()));
        return;
      }
    }
    s.naturalLanguage().accept(link.peer, text);
  }

  /** PT=11: answered or checked here, never handed to the application. */
  private void onVerification(PeerLink link, Frame frame) {
    if (link.role == Role.REQUESTER && link.verification != null) {
      try {
        link.verification.onResponse(frame);
      } catch (IllegalStateException e) {
        log.info("dropped an unexpected verification answer from {}", link.peer);
        return;
      }
      if (link.verification.complete()) {
        finishVerification(link);
      }
    } else if (link.role == Role.PROVIDER && link.testHandler != null) {
      Frame answer;
      try {
        answer = Verification.serve(link.testHandler, frame);
      } catch (MetaProtocolException e) {
        String error = "{\"error\":{\"code\":\"" + e.code().wireName() + "\"}}";
        answer = Frame.verification(error.getBytes(StandardCharsets.UTF_8));
      }
      send(link, answer);
    } else {
      log.info("dropped a verification frame from {}: no test run", link.peer);
    }
  }

  // ---- engine steps and events ----

  private void apply(PeerLink link, NegotiationEngine.Step step) {
    for (MetaMessage out : step.outbound()) {
      s.listener().messageSent(link.peer, out);
      send(link, Frame.meta(out));
    }
    for (NegotiationEvent event : step.events()) {
      s.listener().event(link.peer, event);
      handle(link, event);
    }
    link.publish();
    schedule(link);
  }

  private void handle(PeerLink link, NegotiationEvent event) {
    NegotiationEngine engine = link.engine;
    if (event instanceof NegotiationEvent.CodeNeeded c) {
      ProtocolCodeGenerator g = link.role == Role.REQUESTER ? s.requesterGenerator() : s.providerGenerator();
      try {
        link.handler = g.generate(c.protocol(), violations(link));
        if (link.role == Role.PROVIDER) {
          link.testHandler = g.generate(c.protocol(), ViolationSink.NONE);
        }
      } catch (RuntimeException e) {
        apply(link, engine.codeFailed(String.valueOf(e.getMessage())));
        return;
      }
      apply(link, engine.codeReady());
    } else if (event instanceof NegotiationEvent.TestCasesAgreed t && link.role == Role.REQUESTER) {
      runTests(link, t.testCases());
    } else if (event instanceof NegotiationEvent.Ready r) {
      try {
        s.store().put(StoredProtocol.agreed(r.protocol(), link.handler.form(), link.peer, clock.instant()));
        s.blocks().hold(r.hash());
      } catch (MetaProtocolException e) {
        log.warn("protocol {} agreed but not stored: {}", r.hash(), e.getMessage());
      }
      armRequestChecks(link);
      link.completeAgreement(new AgreedProtocol(
          link.peer, r.hash(), r.protocol(), link.handler, false, Optional.ofNullable(link.testReport)));
    } else if (event instanceof NegotiationEvent.Failed f) {
      MetaProtocolException cause = new MetaProtocolException(f.code(), f.reason());
      link.failAgreement(cause);
      link.failRequests(cause);
    } else if (event instanceof NegotiationEvent.FixAccepted fix) {
      s.store().onEvent(fix);
      s.blocks().drop(fix.hash());
    }
  }

  /** A protocol became ready: its requests' check is armed now, not by the first one (0090). */
  private void armRequestChecks(PeerLink link) {
    if (link.role == Role.PROVIDER) {
      watchdog.prime();
    } else {
      deadlines.arm();
    }
  }

  private void runTests(PeerLink link, String text) {
    if (!link.capabilities.allows(MetaCapability.VERIFICATION_PROTOCOL)) {
      apply(link, link.engine.testsPassed()); // no PT=11 in this session: nothing can be run
      return;
    }
    Verification run;
    int cases;
    try {
      TestCases parsed = TestCases.parse(text);
      cases = parsed.cases().size();
      String protocol = link.engine.agreedProtocol().orElseThrow();
      run = Verification.of(s.requesterGenerator().generate(protocol, ViolationSink.NONE), parsed);
    } catch (MetaProtocolException e) {
      apply(link, link.engine.testsFailed("# Error Description\n- the agreed test cases cannot be run: "
          + e.getMessage() + "\n"));
      return;
    }
    link.verification = run;
    link.testReport = new AgreedProtocol.TestReport(cases, Optional.empty());
    run.requests().forEach(f -> send(link, f));
    if (run.complete()) {
      finishVerification(link);
    }
  }

  private void finishVerification(PeerLink link) {
    Optional<String> failures = link.verification.failureDescription();
    link.testReport = new AgreedProtocol.TestReport(link.testReport.cases(), failures);
    link.verification = null;
    apply(link, failures.isPresent() ? link.engine.testsFailed(failures.get()) : link.engine.testsPassed());
  }

  private ViolationSink violations(PeerLink link) {
    return description -> post(() -> {
      NegotiationState state = link.engine == null ? null : link.engine.state();
      if (state == NegotiationState.READY || state == NegotiationState.TESTING) {
        apply(link, link.engine.reportViolation(description));
      }
    });
  }

  // ---- timers and sending ----

  private void schedule(PeerLink link) {
    cancelTimer(link);
    Optional<java.time.Instant> deadline = link.engine == null ? Optional.empty() : link.engine.deadline();
    if (deadline.isPresent()) {
      long delay = Math.max(0, Duration.between(clock.instant(), deadline.get()).toMillis());
      link.timer = s.loop().schedule(() -> tickLink(link), delay, TimeUnit.MILLISECONDS);
    }
  }

  private void cancelTimer(PeerLink link) {
    if (link.timer != null) {
      link.timer.cancel(false);
      link.timer = null;
    }
  }

  private void tickLink(PeerLink link) {
    if (link.engine != null) {
      apply(link, link.engine.tick());
    }
  }

  private void send(PeerLink link, Frame frame) {
    s.messenger().send(link.peer, frame.encode()).whenComplete((r, ex) -> {
      if (ex != null) {
        post(() -> {
          log.info("send to {} failed: {}", link.peer, ex.getMessage());
          link.failAgreement(ex instanceof CompletionException ? ex.getCause() : ex);
        });
      }
    });
  }

  private PeerLink link(Did peer) {
    return links.computeIfAbsent(peer, PeerLink::new);
  }
}
