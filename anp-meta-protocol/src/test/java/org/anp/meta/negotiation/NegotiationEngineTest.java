package org.anp.meta.negotiation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.ProtocolHash;
import org.anp.meta.negotiation.NegotiationEvent.CodeNeeded;
import org.anp.meta.negotiation.NegotiationEvent.Failed;
import org.anp.meta.negotiation.NegotiationEvent.Ignored;
import org.anp.meta.negotiation.NegotiationEvent.Ready;
import org.anp.meta.negotiator.Proposal;
import org.anp.meta.negotiator.Verdict;
import org.anp.meta.testing.EnginePair;
import org.anp.transport.testing.ManualClock;
import org.anp.meta.testing.ScriptedNegotiator;
import org.anp.meta.wire.CodeGeneration;
import org.anp.meta.wire.MetaMessage;
import org.anp.meta.wire.NegotiationStatus;
import org.anp.meta.wire.ProtocolNegotiation;
import org.anp.meta.wire.UnknownAction;
import org.junit.jupiter.api.Test;

class NegotiationEngineTest {
  private static final String P1 = "# Requirements\nWeather for a city.\n";
  private static final String P2 = P1 + "\n# Data Format\nResponse has tempC.\n";

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T12:00:00Z"));

  private NegotiationConfig config(ScriptedNegotiator negotiator) {
    return NegotiationConfig.builder(negotiator).clock(clock).build();
  }

  private EnginePair pair(ScriptedNegotiator requester, ScriptedNegotiator provider) {
    return new EnginePair(
        NegotiationEngine.requester(config(requester), "weather"),
        NegotiationEngine.provider(config(provider)));
  }

  @Test
  void directAcceptReachesReadyOnBothSidesWithTheSameHash() {
    EnginePair p = pair(ScriptedNegotiator.accepting(P1), ScriptedNegotiator.accepting("")).run();

    assertThat(p.requester.state()).isEqualTo(NegotiationState.READY);
    assertThat(p.provider.state()).isEqualTo(NegotiationState.READY);
    assertThat(p.requesterEvents).contains(new Ready(P1, ProtocolHash.of(P1)));
    assertThat(p.providerEvents).contains(new Ready(P1, ProtocolHash.of(P1)));
    assertThat(p.requester.agreedHash()).contains(ProtocolHash.of(P1));
    assertThat(p.sentBy(true))
        .containsExactly(ProtocolNegotiation.proposal(1, P1, Optional.empty()), new CodeGeneration(true));
    assertThat(p.sentBy(false))
        .containsExactly(ProtocolNegotiation.accepted(2, P1), new CodeGeneration(true));
    assertThat(p.requester.deadline()).isEmpty();
  }

  @Test
  void counterProposalAcceptedInRoundTwo() {
    ScriptedNegotiator provider =
        new ScriptedNegotiator("", prop -> Verdict.counter(P2, "Added the response format."));
    ScriptedNegotiator requester =
        new ScriptedNegotiator(P1, prop -> prop.candidate().equals(P2) ? Verdict.accept() : Verdict.reject("?"));
    EnginePair p = pair(requester, provider).run();

    assertThat(p.requester.state()).isEqualTo(NegotiationState.READY);
    assertThat(p.provider.state()).isEqualTo(NegotiationState.READY);
    assertThat(p.requester.agreedProtocol()).contains(P2);
    assertThat(p.provider.agreedProtocol()).contains(P2);
    assertThat(p.sentBy(false).get(0))
        .isEqualTo(ProtocolNegotiation.proposal(2, P2, Optional.of("Added the response format.")));
    assertThat(p.sentBy(true).get(1)).isEqualTo(ProtocolNegotiation.accepted(3, P2));
    Proposal seen = requester.seen().get(0);
    assertThat(seen.round()).isEqualTo(2);
    assertThat(seen.previousOwnCandidate()).contains(P1);
    assertThat(seen.need()).contains("weather");
    assertThat(provider.seen().get(0).role()).isEqualTo(Proposal.Role.PROVIDER);
  }

  @Test
  void refusalFailsBothSidesWithTheReason() {
    EnginePair p =
        pair(ScriptedNegotiator.accepting(P1), new ScriptedNegotiator("", x -> Verdict.reject("no weather here")))
            .run();

    assertThat(p.provider.state()).isEqualTo(NegotiationState.FAILED);
    assertThat(p.requester.state()).isEqualTo(NegotiationState.FAILED);
    assertThat(failure(p.providerEvents).code()).isEqualTo(MetaProtocolError.NEGOTIATION_REJECTED);
    Failed f = failure(p.requesterEvents);
    assertThat(f.code()).isEqualTo(MetaProtocolError.NEGOTIATION_REJECTED);
    assertThat(f.reason()).contains("no weather here");
    assertThat(p.requesterEvents).noneMatch(e -> e instanceof CodeNeeded);
  }

  @Test
  void roundLimitEndsANegotiationThatNeverConverges() {
    int[] n = {0};
    ScriptedNegotiator stubborn = new ScriptedNegotiator(P1, x -> Verdict.counter(P1 + "v" + n[0]++, "mine"));
    EnginePair p =
        new EnginePair(
            NegotiationEngine.requester(config(stubborn).toBuilder().maxRounds(4).build(), "weather"),
            NegotiationEngine.provider(config(stubborn).toBuilder().maxRounds(4).build()))
            .run();

    long proposals =
        p.transcript.stream()
            .map(EnginePair.Sent::message)
            .filter(m -> m instanceof ProtocolNegotiation pn && pn.status() == NegotiationStatus.NEGOTIATING)
            .count();
    assertThat(proposals).isEqualTo(4);
    MetaMessage last = p.transcript.get(p.transcript.size() - 1).message();
    assertThat(last).isInstanceOfSatisfying(ProtocolNegotiation.class, pn -> {
      assertThat(pn.status()).isEqualTo(NegotiationStatus.REJECTED);
      assertThat(pn.sequenceId()).isEqualTo(5);
    });
    // The requester got proposal 4 and could only counter with a fifth.
    assertThat(failure(p.requesterEvents).code()).isEqualTo(MetaProtocolError.ROUND_LIMIT_EXCEEDED);
    Failed told = failure(p.providerEvents);
    assertThat(told.code()).isEqualTo(MetaProtocolError.NEGOTIATION_REJECTED);
    assertThat(told.reason()).contains("roundLimitExceeded");
    assertThat(p.requester.state()).isEqualTo(NegotiationState.FAILED);
    assertThat(p.provider.state()).isEqualTo(NegotiationState.FAILED);
  }

  @Test
  void aProposalBeyondTheLimitIsRejectedWithoutAsking() {
    NegotiationEngine provider =
        NegotiationEngine.provider(config(ScriptedNegotiator.accepting("")).toBuilder().maxRounds(1).build());
    // Round 1 may still be accepted at the limit.
    var step = provider.receive(ProtocolNegotiation.proposal(0, P1, Optional.empty()));
    assertThat(step.outbound()).containsExactly(ProtocolNegotiation.accepted(1, P1));

    ScriptedNegotiator counter = new ScriptedNegotiator("", x -> Verdict.counter(P2, "more"));
    NegotiationEngine limited =
        NegotiationEngine.provider(config(counter).toBuilder().maxRounds(1).build());
    var refused = limited.receive(ProtocolNegotiation.proposal(0, P1, Optional.empty()));
    assertThat(((ProtocolNegotiation) refused.outbound().get(0)).status()).isEqualTo(NegotiationStatus.REJECTED);
    assertThat(failure(refused.events()).code()).isEqualTo(MetaProtocolError.ROUND_LIMIT_EXCEEDED);
  }

  @Test
  void silentPeerTimesOutOnTheManualClock() {
    NegotiationEngine requester =
        NegotiationEngine.requester(config(ScriptedNegotiator.accepting(P1)), "weather");
    requester.start();
    assertThat(requester.deadline()).contains(clock.instant().plusSeconds(60));

    clock.advance(Duration.ofSeconds(59));
    assertThat(requester.tick()).isEqualTo(NegotiationEngine.Step.NONE);
    assertThat(requester.state()).isEqualTo(NegotiationState.WAIT_PEER);

    clock.advance(Duration.ofSeconds(1));
    var step = requester.tick();
    assertThat(step.outbound())
        .containsExactly(new ProtocolNegotiation(2, "", Optional.empty(), NegotiationStatus.TIMEOUT));
    assertThat(failure(step.events()).code()).isEqualTo(MetaProtocolError.NEGOTIATION_TIMEOUT);
    assertThat(requester.state()).isEqualTo(NegotiationState.FAILED);
    assertThat(requester.tick()).isEqualTo(NegotiationEngine.Step.NONE);
  }

  @Test
  void peerReportedTimeoutFails() {
    NegotiationEngine requester = NegotiationEngine.requester(config(ScriptedNegotiator.accepting(P1)), "w");
    requester.start();
    var step = requester.receive(new ProtocolNegotiation(1, "", Optional.empty(), NegotiationStatus.TIMEOUT));
    assertThat(failure(step.events()).code()).isEqualTo(MetaProtocolError.NEGOTIATION_TIMEOUT);
  }

  @Test
  void missingCodeGenerationTimesOut() {
    EnginePair p = pair(ScriptedNegotiator.accepting(P1), ScriptedNegotiator.accepting("")).manualCode().run();
    assertThat(p.provider.state()).isEqualTo(NegotiationState.CODEGEN);
    p.feed(false, p.provider.codeReady());
    assertThat(p.provider.state()).isEqualTo(NegotiationState.WAIT_PEER_CG);
    assertThat(p.requester.state()).isEqualTo(NegotiationState.CODEGEN);

    clock.advance(Duration.ofSeconds(14));
    assertThat(p.provider.tick().events()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(failure(p.provider.tick().events()).code()).isEqualTo(MetaProtocolError.CODE_GENERATION_TIMEOUT);
    // The requester's own code never came either: it says so and stops.
    var step = p.requester.tick();
    assertThat(step.outbound()).containsExactly(new CodeGeneration(false));
    assertThat(failure(step.events()).code()).isEqualTo(MetaProtocolError.CODE_GENERATION_TIMEOUT);
  }

  @Test
  void localCodeFailureIsAnnouncedAndFailsThePeer() {
    EnginePair p = pair(ScriptedNegotiator.accepting(P1), ScriptedNegotiator.accepting("")).manualCode().run();
    p.feed(false, p.provider.codeFailed("compiler said no"));
    assertThat(p.provider.state()).isEqualTo(NegotiationState.FAILED);
    assertThat(p.requester.state()).isEqualTo(NegotiationState.FAILED);
    assertThat(failure(p.requesterEvents).code()).isEqualTo(MetaProtocolError.CODE_GENERATION_FAILED);
  }

  @Test
  void malformedMessageDuringNegotiationIsAnsweredWithRejected() {
    NegotiationEngine provider = NegotiationEngine.provider(config(ScriptedNegotiator.accepting("")));
    var step = provider.receive("{\"action\":\"protocolNegotiation\",\"sequenceId\":\"0\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(step.outbound()).singleElement().isInstanceOfSatisfying(ProtocolNegotiation.class, pn -> {
      assertThat(pn.status()).isEqualTo(NegotiationStatus.REJECTED);
      assertThat(pn.modificationSummary().orElseThrow()).startsWith("malformedMessage");
    });
    assertThat(failure(step.events()).code()).isEqualTo(MetaProtocolError.MALFORMED_MESSAGE);

    NegotiationEngine requester = NegotiationEngine.requester(config(ScriptedNegotiator.accepting(P1)), "w");
    requester.start();
    var garbage = requester.receive(new byte[] {'{', 'x'});
    assertThat(((ProtocolNegotiation) garbage.outbound().get(0)).sequenceId()).isEqualTo(2);
    assertThat(requester.state()).isEqualTo(NegotiationState.FAILED);
  }

  @Test
  void malformedMessageAfterAgreementIsDropped() {
    EnginePair p = pair(ScriptedNegotiator.accepting(P1), ScriptedNegotiator.accepting("")).run();
    var step = p.provider.receive("not json".getBytes(StandardCharsets.UTF_8));
    assertThat(step.outbound()).isEmpty();
    assertThat(step.events()).singleElement().isInstanceOf(Ignored.class);
    assertThat(p.provider.state()).isEqualTo(NegotiationState.READY);
  }

  @Test
  void wrongSequenceIdIsRejected() {
    // The provider's counter arrives with sequenceId 5 instead of 2.
    EnginePair p =
        pair(ScriptedNegotiator.accepting(P1), new ScriptedNegotiator("", x -> Verdict.counter(P2, "more")))
            .tamper(json -> new String(json, StandardCharsets.UTF_8)
                .replace("\"sequenceId\": 2,", "\"sequenceId\": 5,")
                .getBytes(StandardCharsets.UTF_8))
            .run();
    Failed f = failure(p.requesterEvents);
    assertThat(f.code()).isEqualTo(MetaProtocolError.WRONG_SEQUENCE_ID);
    assertThat(f.reason()).contains("expected 2, got 5");
    assertThat(p.provider.state()).isEqualTo(NegotiationState.FAILED);

    NegotiationEngine provider = NegotiationEngine.provider(config(ScriptedNegotiator.accepting("")));
    var step = provider.receive(ProtocolNegotiation.proposal(2, P1, Optional.empty()));
    assertThat(failure(step.events()).code()).isEqualTo(MetaProtocolError.WRONG_SEQUENCE_ID);
  }

  @Test
  void sequenceIdsInteroperateWithTheReferenceSdkInBothRoles() {
    // Our provider takes the SDK requester's first proposal (1) and answers 2.
    NegotiationEngine provider = NegotiationEngine.provider(config(ScriptedNegotiator.accepting("")));
    var step = provider.receive(ProtocolNegotiation.proposal(1, P1, Optional.empty()));
    assertThat(step.outbound()).containsExactly(ProtocolNegotiation.accepted(2, P1));
    // ... and a spec-style first proposal (0) too, answered with 1.
    NegotiationEngine specProvider = NegotiationEngine.provider(config(ScriptedNegotiator.accepting("")));
    assertThat(specProvider.receive(ProtocolNegotiation.proposal(0, P1, Optional.empty())).outbound())
        .containsExactly(ProtocolNegotiation.accepted(1, P1));

    // Our requester starts at 1 by default, as the SDK's provider expects; the SDK provider's
    // counter (2) is in sequence, and our acceptance is the 3 it checks for.
    NegotiationEngine requester = NegotiationEngine.requester(config(ScriptedNegotiator.accepting(P1)), "w");
    assertThat(requester.start().outbound()).containsExactly(ProtocolNegotiation.proposal(1, P1, Optional.empty()));
    assertThat(requester.receive(ProtocolNegotiation.proposal(2, P2, Optional.of("theirs"))).outbound())
        .containsExactly(ProtocolNegotiation.accepted(3, P2));
    assertThat(requester.state()).isEqualTo(NegotiationState.CODEGEN);

    // A requester set to the spec's 0 still takes the SDK provider's 2 (its counter always starts
    // there), and 1 from a spec provider; anything else is out of sequence.
    for (int answer : new int[] {1, 2}) {
      NegotiationEngine spec = NegotiationEngine.requester(
          config(ScriptedNegotiator.accepting(P1)).toBuilder().firstSequenceId(0).build(), "w");
      assertThat(spec.start().outbound()).containsExactly(ProtocolNegotiation.proposal(0, P1, Optional.empty()));
      assertThat(spec.receive(ProtocolNegotiation.accepted(answer, P1)).events()).anyMatch(e -> e instanceof CodeNeeded);
    }
    NegotiationEngine spec = NegotiationEngine.requester(
        config(ScriptedNegotiator.accepting(P1)).toBuilder().firstSequenceId(0).build(), "w");
    spec.start();
    assertThat(failure(spec.receive(ProtocolNegotiation.accepted(3, P1)).events()).code())
        .isEqualTo(MetaProtocolError.WRONG_SEQUENCE_ID);
  }

  @Test
  void unknownActionIsIgnoredAndTheNegotiationGoesOn() {
    NegotiationEngine provider = NegotiationEngine.provider(config(ScriptedNegotiator.accepting("")));
    var step = provider.receive("{\"action\":\"shakeHands\",\"sequenceId\":0}".getBytes(StandardCharsets.UTF_8));
    assertThat(step.outbound()).isEmpty();
    assertThat(step.events()).containsExactly(new Ignored("shakeHands", "unknown action"));
    assertThat(provider.state()).isEqualTo(NegotiationState.IDLE);
    assertThat(provider.receive(new UnknownAction("x")).outbound()).isEmpty();
    assertThat(provider.receive(ProtocolNegotiation.proposal(0, P1, Optional.empty())).outbound())
        .containsExactly(ProtocolNegotiation.accepted(1, P1));
  }

  @Test
  void acceptanceOfAnotherTextIsAMismatch() {
    NegotiationEngine requester = NegotiationEngine.requester(config(ScriptedNegotiator.accepting(P1)), "w");
    requester.start();
    var step = requester.receive(ProtocolNegotiation.accepted(2, P2));
    assertThat(failure(step.events()).code()).isEqualTo(MetaProtocolError.ACCEPTED_TEXT_MISMATCH);
    assertThat(((ProtocolNegotiation) step.outbound().get(0)).status()).isEqualTo(NegotiationStatus.REJECTED);
  }

  @Test
  void theSdksEchoOfAnAcceptanceIsIgnored() {
    EnginePair p = pair(ScriptedNegotiator.accepting(P1), ScriptedNegotiator.accepting("")).run();
    var step = p.provider.receive(ProtocolNegotiation.accepted(0, P1));
    assertThat(step.outbound()).isEmpty();
    assertThat(step.events()).singleElement().isInstanceOf(Ignored.class);
    assertThat(p.provider.state()).isEqualTo(NegotiationState.READY);
  }

  @Test
  void codeGenerationBeforeAgreementIsIgnored() {
    NegotiationEngine requester = NegotiationEngine.requester(config(ScriptedNegotiator.accepting(P1)), "w");
    requester.start();
    assertThat(requester.receive(new CodeGeneration(true)).events()).singleElement().isInstanceOf(Ignored.class);
    assertThat(requester.state()).isEqualTo(NegotiationState.WAIT_PEER);
  }

  @Test
  void driverCallsOutOfPlaceAreProgrammerErrors() {
    NegotiationEngine provider = NegotiationEngine.provider(config(ScriptedNegotiator.accepting("")));
    assertThatThrownBy(provider::start).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(provider::codeReady).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(provider::testsPassed).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> provider.ask("?")).isInstanceOf(IllegalStateException.class);
    NegotiationEngine requester = NegotiationEngine.requester(config(ScriptedNegotiator.accepting(P1)), "w");
    requester.start();
    assertThatThrownBy(requester::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void withoutSharedCapabilitiesOptionalMessagesAreIgnored() {
    EnginePair p = pair(ScriptedNegotiator.accepting(P1), ScriptedNegotiator.accepting("")).run();
    var step = p.provider.receive("{\"action\":\"fixErrorNegotiation\",\"errorDescription\":\"e\",\"status\":\"negotiating\"}"
        .getBytes(StandardCharsets.UTF_8));
    assertThat(step.events()).containsExactly(new Ignored("fixErrorNegotiation", "fixErrorNegotiation is not shared"));
    assertThat(step.outbound()).isEmpty();
    // A violation cannot be repaired without the capability.
    var violation = p.requester.reportViolation("bad response");
    assertThat(failure(violation.events()).code()).isEqualTo(MetaProtocolError.PROTOCOL_VIOLATION);
  }

  static Failed failure(List<NegotiationEvent> events) {
    return events.stream()
        .filter(e -> e instanceof Failed)
        .map(Failed.class::cast)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Failed event in " + events));
  }

  static EnumSet<MetaCapability> all() {
    return EnumSet.allOf(MetaCapability.class);
  }
}
