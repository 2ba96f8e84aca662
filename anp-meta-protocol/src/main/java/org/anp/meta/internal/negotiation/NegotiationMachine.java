package org.anp.meta.internal.negotiation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.ProtocolHash;
import org.anp.meta.negotiation.MetaCapability;
import org.anp.meta.negotiation.NegotiationConfig;
import org.anp.meta.negotiation.NegotiationEngine;
import org.anp.meta.negotiation.NegotiationEvent;
import org.anp.meta.negotiation.NegotiationState;
import org.anp.meta.negotiator.FixVerdict;
import org.anp.meta.negotiator.Proposal;
import org.anp.meta.negotiator.Proposal.Role;
import org.anp.meta.negotiator.Verdict;
import org.anp.meta.wire.CodeGeneration;
import org.anp.meta.wire.FixErrorNegotiation;
import org.anp.meta.wire.MetaMessage;
import org.anp.meta.wire.MetaMessageCodec;
import org.anp.meta.wire.NaturalLanguageNegotiation;
import org.anp.meta.wire.NegotiationStatus;
import org.anp.meta.wire.ProtocolNegotiation;
import org.anp.meta.wire.TestCasesNegotiation;
import org.anp.meta.wire.UnknownAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one implementation of {@link NegotiationEngine}, for both roles: after the first proposal
 * the two tables of spec/meta-protocol.md §4 are the same. Protocol negotiation, code
 * generation and READY live here; test-case and fix-error rounds, which only start after
 * agreement, are in {@link AfterAgreement}. Not thread-safe.
 */
public final class NegotiationMachine implements NegotiationEngine {
  private static final Logger log = LoggerFactory.getLogger(NegotiationMachine.class);

  final NegotiationConfig config;
  final Role role;
  private final Optional<String> need;
  private final AfterAgreement after;

  NegotiationState state = NegotiationState.IDLE;
  private Instant deadline;
  private boolean started;
  /** The last sequenceId sent or received; -1 before the first. */
  private int lastSequenceId = -1;
  /** Proposals (status negotiating) sent and received so far. */
  private int proposals;
  private Optional<String> ownLastCandidate = Optional.empty();
  String agreed;
  private ProtocolHash agreedHash;
  private boolean peerCodeReady;
  /** The local code is being regenerated after a fix this side accepted. */
  boolean regenerating;
  /** The peer regenerates its code after a fix it accepted. */
  boolean peerRegenerating;
  private boolean readyAnnounced;

  private List<MetaMessage> out = new ArrayList<>();
  private List<NegotiationEvent> events = new ArrayList<>();

  private NegotiationMachine(NegotiationConfig config, Role role, Optional<String> need) {
    this.config = Objects.requireNonNull(config, "config");
    this.role = role;
    this.need = need;
    this.after = new AfterAgreement(this);
  }

  /** A requester for {@code need}. */
  public static NegotiationMachine requester(NegotiationConfig config, String need) {
    return new NegotiationMachine(config, Role.REQUESTER, Optional.of(need));
  }

  /** A provider. */
  public static NegotiationMachine provider(NegotiationConfig config) {
    return new NegotiationMachine(config, Role.PROVIDER, Optional.empty());
  }

  /**
   * An engine that starts in READY with a protocol both sides already hold (0-RTT, spec §4.3):
   * no negotiation, but fix-error and natural-language rounds work as after an agreement.
   */
  public static NegotiationMachine reused(NegotiationConfig config, Role role, String protocol) {
    Objects.requireNonNull(protocol, "protocol");
    NegotiationMachine m = new NegotiationMachine(config, role, Optional.empty());
    m.started = true;
    m.agreed = protocol;
    m.agreedHash = ProtocolHash.of(protocol);
    m.readyAnnounced = true;
    m.state = NegotiationState.READY;
    return m;
  }

  @Override
  public Step start() {
    if (role != Role.REQUESTER || started) {
      throw new IllegalStateException("start(): only once, and only for a requester");
    }
    started = true;
    String candidate;
    try {
      candidate = config.negotiator().draft(need.orElseThrow());
    } catch (MetaProtocolException e) {
      fail(e.code(), "no candidate could be drafted: " + e.getMessage());
      return step();
    }
    int sequenceId = config.firstSequenceId();
    lastSequenceId = sequenceId;
    proposals = 1;
    ownLastCandidate = Optional.of(candidate);
    send(ProtocolNegotiation.proposal(sequenceId, candidate, Optional.empty()));
    waitFor(NegotiationState.WAIT_PEER, config.negotiationTimeout());
    return step();
  }

  @Override
  public Step receive(byte[] json) {
    Objects.requireNonNull(json, "json");
    if (state == NegotiationState.FAILED) {
      return ignored("?", "the negotiation has failed");
    }
    MetaMessage message;
    try {
      message = MetaMessageCodec.decode(json, config.limits());
    } catch (MetaProtocolException e) {
      log.debug("malformed meta message in state {}: {}", state, e.getMessage());
      if (negotiating()) {
        reject(e.code(), e.getMessage());
        return step();
      }
      return ignored("?", e.getMessage());
    }
    return receive(message);
  }

  @Override
  public Step receive(MetaMessage message) {
    Objects.requireNonNull(message, "message");
    if (state == NegotiationState.FAILED) {
      return ignored(message.action(), "the negotiation has failed");
    }
    if (message instanceof ProtocolNegotiation pn) {
      onProtocolNegotiation(pn);
    } else if (message instanceof CodeGeneration cg) {
      onCodeGeneration(cg);
    } else if (message instanceof TestCasesNegotiation tc) {
      if (shared(MetaCapability.TEST_CASES_NEGOTIATION, tc)) {
        after.onTestCases(tc);
      }
    } else if (message instanceof FixErrorNegotiation fe) {
      if (shared(MetaCapability.FIX_ERROR_NEGOTIATION, fe)) {
        after.onFixError(fe);
      }
    } else if (message instanceof NaturalLanguageNegotiation nl) {
      if (shared(MetaCapability.NATURAL_LANGUAGE_NEGOTIATION, nl)) {
        onNaturalLanguage(nl);
      }
    } else if (message instanceof UnknownAction u) {
      log.debug("ignoring unknown meta action {}", u.action());
      events.add(new NegotiationEvent.Ignored(u.action(), "unknown action"));
    }
    return step();
  }

  @Override
  public Step tick() {
    Instant now = config.clock().instant();
    if (deadline == null || now.isBefore(deadline)) {
      return step();
    }
    switch (state) {
      case WAIT_PEER -> {
        send(new ProtocolNegotiation(nextSequenceId(), "", Optional.empty(), NegotiationStatus.TIMEOUT));
        fail(MetaProtocolError.NEGOTIATION_TIMEOUT,
            "no answer to the last proposal within " + config.negotiationTimeout());
      }
      case CODEGEN -> {
        send(new CodeGeneration(false));
        fail(MetaProtocolError.CODE_GENERATION_TIMEOUT,
            "the local handler was not ready within " + config.codeGenerationTimeout());
      }
      case WAIT_PEER_CG ->
          fail(MetaProtocolError.CODE_GENERATION_TIMEOUT,
              "the peer's codeGeneration did not arrive within " + config.codeGenerationTimeout());
      case TESTING, FIXING ->
          fail(MetaProtocolError.NEGOTIATION_TIMEOUT,
              "no answer in " + state + " within " + config.negotiationTimeout());
      default -> deadline = null;
    }
    return step();
  }

  @Override
  public Step codeReady() {
    requireState("codeReady()", NegotiationState.CODEGEN);
    send(new CodeGeneration(true));
    if (regenerating) {
      regenerating = false;
      ready();
    } else if (peerCodeReady) {
      next();
    } else {
      state = NegotiationState.WAIT_PEER_CG;
    }
    return step();
  }

  @Override
  public Step codeFailed(String reason) {
    Objects.requireNonNull(reason, "reason");
    requireState("codeFailed()", NegotiationState.CODEGEN);
    send(new CodeGeneration(false));
    fail(MetaProtocolError.CODE_GENERATION_FAILED, "local code generation failed: " + reason);
    return step();
  }

  @Override
  public Step testsPassed() {
    after.testsPassed();
    return step();
  }

  @Override
  public Step testsFailed(String errorDescription) {
    after.testsFailed(errorDescription);
    return step();
  }

  @Override
  public Step reportViolation(String errorDescription) {
    Objects.requireNonNull(errorDescription, "errorDescription");
    if (state != NegotiationState.READY && state != NegotiationState.TESTING) {
      throw new IllegalStateException("reportViolation() in state " + state);
    }
    after.reportFix(errorDescription);
    return step();
  }

  @Override
  public Step ask(String question) {
    Objects.requireNonNull(question, "question");
    if (!config.capabilities().allows(MetaCapability.NATURAL_LANGUAGE_NEGOTIATION)
        || state == NegotiationState.FAILED) {
      throw new IllegalStateException("ask(): natural-language negotiation not available");
    }
    send(NaturalLanguageNegotiation.request(question, config.random()));
    return step();
  }

  @Override
  public NegotiationState state() {
    return state;
  }

  @Override
  public Optional<String> agreedProtocol() {
    return Optional.ofNullable(agreed);
  }

  @Override
  public Optional<Instant> deadline() {
    return Optional.ofNullable(deadline);
  }

  // ---- protocol negotiation (spec §2.1, §4 WAIT_PEER rows) ----

  private void onProtocolNegotiation(ProtocolNegotiation pn) {
    if (state == NegotiationState.IDLE && role == Role.PROVIDER) {
      onFirstProposal(pn);
    } else if (state == NegotiationState.WAIT_PEER) {
      onAnswer(pn);
    } else if (agreed != null
        && pn.status() == NegotiationStatus.ACCEPTED
        && pn.candidateProtocols().equals(agreed)) {
      // The reference SDK answers an acceptance with its own (with a stale sequenceId).
      events.add(new NegotiationEvent.Ignored(pn.action(), "repeated acceptance of the agreed protocol"));
    } else {
      events.add(new NegotiationEvent.Ignored(pn.action(), "no protocol negotiation in progress"));
    }
  }

  private void onFirstProposal(ProtocolNegotiation pn) {
    if (pn.status() != NegotiationStatus.NEGOTIATING) {
      reject(MetaProtocolError.UNEXPECTED_MESSAGE,
          "the first protocolNegotiation must be a proposal, got " + pn.status().wireName());
      return;
    }
    // The spec starts at 0; the reference SDK at 1.
    if (pn.sequenceId() > 1) {
      reject(MetaProtocolError.WRONG_SEQUENCE_ID,
          "sequenceId: the first proposal must be 0 or 1, got " + pn.sequenceId());
      return;
    }
    lastSequenceId = pn.sequenceId();
    proposals = 1;
    evaluate(pn);
  }

  private void onAnswer(ProtocolNegotiation pn) {
    switch (pn.status()) {
      case REJECTED ->
          fail(MetaProtocolError.NEGOTIATION_REJECTED,
              "the peer rejected the negotiation" + pn.modificationSummary().map(s -> ": " + s).orElse(""));
      case TIMEOUT -> fail(MetaProtocolError.NEGOTIATION_TIMEOUT, "the peer reported a timeout");
      case ACCEPTED -> {
        if (checkSequence(pn)) {
          if (ownLastCandidate.isPresent() && pn.candidateProtocols().equals(ownLastCandidate.get())) {
            agree(pn.candidateProtocols());
          } else {
            reject(MetaProtocolError.ACCEPTED_TEXT_MISMATCH,
                "the accepted text differs from the candidate this side sent last");
          }
        }
      }
      case NEGOTIATING -> {
        if (checkSequence(pn)) {
          proposals++;
          evaluate(pn);
        }
      }
    }
  }

  private boolean checkSequence(ProtocolNegotiation pn) {
    int expected = lastSequenceId + 1;
    if (pn.sequenceId() != expected && !sdkProvidersFirstAnswer(pn)) {
      reject(MetaProtocolError.WRONG_SEQUENCE_ID,
          "sequenceId: expected " + expected + ", got " + pn.sequenceId());
      return false;
    }
    lastSequenceId = pn.sequenceId();
    return true;
  }

  /**
   * A requester that started at 0 accepts 2 as the provider's first answer: the reference SDK's
   * provider answers its first evaluation with 2 whatever it received (decision record 0068).
   */
  private boolean sdkProvidersFirstAnswer(ProtocolNegotiation pn) {
    return role == Role.REQUESTER && proposals == 1 && lastSequenceId == 0 && pn.sequenceId() == 2;
  }

  private void evaluate(ProtocolNegotiation pn) {
    if (proposals > config.maxRounds()) {
      reject(MetaProtocolError.ROUND_LIMIT_EXCEEDED, "more than " + config.maxRounds() + " rounds");
      return;
    }
    Verdict verdict;
    try {
      verdict = config.negotiator().evaluate(
          new Proposal(role, proposals, pn.candidateProtocols(), pn.modificationSummary(), ownLastCandidate, need));
    } catch (MetaProtocolException e) {
      reject(e.code(), "the candidate could not be evaluated: " + e.getMessage());
      return;
    }
    if (verdict instanceof Verdict.Accept) {
      send(ProtocolNegotiation.accepted(nextSequenceId(), pn.candidateProtocols()));
      agree(pn.candidateProtocols());
    } else if (verdict instanceof Verdict.Counter c) {
      if (proposals + 1 > config.maxRounds()) {
        reject(MetaProtocolError.ROUND_LIMIT_EXCEEDED,
            "a counter-proposal would exceed the limit of " + config.maxRounds() + " rounds");
        return;
      }
      proposals++;
      ownLastCandidate = Optional.of(c.candidate());
      send(ProtocolNegotiation.proposal(nextSequenceId(), c.candidate(), Optional.of(c.summary())));
      waitFor(NegotiationState.WAIT_PEER, config.negotiationTimeout());
    } else if (verdict instanceof Verdict.Reject r) {
      reject(MetaProtocolError.NEGOTIATION_REJECTED, r.reason());
    }
  }

  private void agree(String protocol) {
    agreed = protocol;
    agreedHash = ProtocolHash.of(protocol);
    peerCodeReady = false;
    readyAnnounced = false;
    log.debug("protocol {} agreed as {}", agreedHash, role);
    waitFor(NegotiationState.CODEGEN, config.codeGenerationTimeout());
    events.add(new NegotiationEvent.CodeNeeded(protocol, agreedHash, false));
  }

  // ---- code generation (spec §2.2, §4 CODEGEN / WAIT_PEER_CG rows) ----

  private void onCodeGeneration(CodeGeneration cg) {
    if (agreed == null) {
      events.add(new NegotiationEvent.Ignored(cg.action(), "no protocol agreed yet"));
      return;
    }
    if (!cg.generated()) {
      fail(MetaProtocolError.CODE_GENERATION_FAILED, "the peer could not generate its code");
      return;
    }
    switch (state) {
      case CODEGEN -> peerCodeReady = true;
      case WAIT_PEER_CG -> {
        if (peerRegenerating) {
          peerRegenerating = false;
          ready();
        } else {
          next();
        }
      }
      default -> events.add(new NegotiationEvent.Ignored(cg.action(), "not waiting for code in " + state));
    }
  }

  /** The spec's NEXT: test cases if the requester wants them and both support them, else READY. */
  private void next() {
    if (!(role == Role.REQUESTER
        && config.capabilities().allows(MetaCapability.TEST_CASES_NEGOTIATION)
        && after.proposeTestCases())) {
      ready();
    }
  }

  // ---- natural language (spec §2.5) ----

  private void onNaturalLanguage(NaturalLanguageNegotiation nl) {
    if (nl.request()) {
      String answer;
      try {
        answer = config.negotiator().answer(nl.message());
      } catch (MetaProtocolException e) {
        answer = "This agent could not answer: " + e.code().wireName();
      }
      send(nl.answer(answer));
    } else {
      events.add(new NegotiationEvent.NaturalLanguageAnswer(nl.messageId(), nl.message()));
    }
  }

  // ---- shared with AfterAgreement ----

  void ready() {
    deadline = null;
    state = NegotiationState.READY;
    if (!readyAnnounced) {
      readyAnnounced = true;
      events.add(new NegotiationEvent.Ready(agreed, agreedHash));
    }
  }

  /** After an accepted fix the handler changes: READY is announced again once it is back. */
  void expectNewCode(boolean ours) {
    readyAnnounced = false;
    peerCodeReady = false;
    regenerating = ours;
    peerRegenerating = !ours;
    events.add(new NegotiationEvent.FixAccepted(agreedHash, ours));
    if (ours) {
      events.add(new NegotiationEvent.CodeNeeded(agreed, agreedHash, true));
      waitFor(NegotiationState.CODEGEN, config.codeGenerationTimeout());
    } else {
      waitFor(NegotiationState.WAIT_PEER_CG, config.codeGenerationTimeout());
    }
  }

  FixVerdict evaluateFix(String description) {
    try {
      return config.negotiator().evaluateFix(agreed, description);
    } catch (MetaProtocolException e) {
      return FixVerdict.deny("the report could not be evaluated: " + e.code().wireName());
    }
  }

  void send(MetaMessage message) {
    out.add(message);
  }

  void event(NegotiationEvent event) {
    events.add(event);
  }

  void waitFor(NegotiationState next, Duration timeout) {
    state = next;
    deadline = config.clock().instant().plus(timeout);
  }

  void waitForDriver(NegotiationState next) {
    state = next;
    deadline = null;
  }

  void fail(MetaProtocolError code, String reason) {
    log.debug("negotiation failed ({}): {}", code, reason);
    state = NegotiationState.FAILED;
    deadline = null;
    events.add(new NegotiationEvent.Failed(code, reason));
  }

  void requireState(String call, NegotiationState expected) {
    if (state != expected) {
      throw new IllegalStateException(call + " in state " + state + ", expected " + expected);
    }
  }

  private boolean negotiating() {
    return state == NegotiationState.WAIT_PEER
        || (state == NegotiationState.IDLE && role == Role.PROVIDER);
  }

  private void reject(MetaProtocolError code, String reason) {
    send(ProtocolNegotiation.rejected(nextSequenceId(), code.wireName() + ": " + reason));
    fail(code, reason);
  }

  private int nextSequenceId() {
    return ++lastSequenceId;
  }

  private boolean shared(MetaCapability capability, MetaMessage message) {
    if (config.capabilities().allows(capability)) {
      return true;
    }
    events.add(new NegotiationEvent.Ignored(message.action(), capability.wireName() + " is not shared"));
    return false;
  }

  private Step ignored(String action, String reason) {
    events.add(new NegotiationEvent.Ignored(action, reason));
    return step();
  }

  private Step step() {
    Step s = new Step(out, events);
    out = new ArrayList<>();
    events = new ArrayList<>();
    return s;
  }
}
