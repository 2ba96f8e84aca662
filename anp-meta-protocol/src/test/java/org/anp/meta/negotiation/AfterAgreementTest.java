package org.anp.meta.negotiation;

import static org.anp.meta.negotiation.NegotiationEngineTest.failure;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.ProtocolHash;
import org.anp.meta.negotiation.NegotiationEvent.CodeNeeded;
import org.anp.meta.negotiation.NegotiationEvent.FixAccepted;
import org.anp.meta.negotiation.NegotiationEvent.FixRejected;
import org.anp.meta.negotiation.NegotiationEvent.NaturalLanguageAnswer;
import org.anp.meta.negotiation.NegotiationEvent.Ready;
import org.anp.meta.negotiation.NegotiationEvent.TestCasesAgreed;
import org.anp.meta.negotiator.FixVerdict;
import org.anp.meta.negotiator.Verdict;
import org.anp.meta.testing.EnginePair;
import org.anp.transport.testing.ManualClock;
import org.anp.meta.testing.ScriptedNegotiator;
import org.anp.meta.wire.FixErrorNegotiation;
import org.anp.meta.wire.NaturalLanguageNegotiation;
import org.anp.meta.wire.NegotiationStatus;
import org.anp.meta.wire.TestCasesNegotiation;
import org.junit.jupiter.api.Test;

/** Test cases, fix-error and natural-language rounds, with every capability shared. */
class AfterAgreementTest {
  private static final String P = "# Requirements\nWeather.\n";
  private static final String CASES = "# Test Case 1\n- request {\"city\":\"Paris\"}\n";
  private static final String CASES2 = CASES + "# Test Case 2\n- request {\"city\":\"\"}\n";

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T12:00:00Z"));

  private NegotiationConfig config(ScriptedNegotiator n) {
    return NegotiationConfig.builder(n)
        .clock(clock)
        .capabilities(new SessionCapabilities("1.0", EnumSet.allOf(MetaCapability.class)))
        .build();
  }

  private EnginePair pair(ScriptedNegotiator requester, ScriptedNegotiator provider) {
    return new EnginePair(
        NegotiationEngine.requester(config(requester), "weather"),
        NegotiationEngine.provider(config(provider)));
  }

  @Test
  void testCasesAreNegotiatedAndThenRunByTheRequester() {
    ScriptedNegotiator requester = ScriptedNegotiator.accepting(P).testCases(CASES, t -> Verdict.accept());
    ScriptedNegotiator provider =
        ScriptedNegotiator.accepting("").testCases("", t -> t.equals(CASES) ? Verdict.counter(CASES2, "added an empty city") : Verdict.accept());
    EnginePair p = pair(requester, provider).run();

    assertThat(p.provider.state()).isEqualTo(NegotiationState.READY);
    assertThat(p.providerEvents).contains(new TestCasesAgreed(CASES2));
    assertThat(p.requester.state()).isEqualTo(NegotiationState.TESTING);
    assertThat(p.requesterEvents).contains(new TestCasesAgreed(CASES2));
    assertThat(p.requesterEvents).noneMatch(e -> e instanceof Ready);
    assertThat(p.sentBy(true))
        .contains(new TestCasesNegotiation(CASES2, Optional.empty(), NegotiationStatus.ACCEPTED));

    var passed = p.requester.testsPassed();
    assertThat(passed.events()).containsExactly(new Ready(P, ProtocolHash.of(P)));
    assertThat(p.requester.state()).isEqualTo(NegotiationState.READY);
  }

  @Test
  void refusedTestCasesSkipTesting() {
    ScriptedNegotiator requester = ScriptedNegotiator.accepting(P).testCases(CASES, t -> Verdict.accept());
    ScriptedNegotiator provider = ScriptedNegotiator.accepting("").testCases("", t -> Verdict.reject("no tests"));
    EnginePair p = pair(requester, provider).run();
    assertThat(p.requester.state()).isEqualTo(NegotiationState.READY);
    assertThat(p.provider.state()).isEqualTo(NegotiationState.READY);
    assertThat(p.requesterEvents).contains(new Ready(P, ProtocolHash.of(P)));
  }

  @Test
  void aNegotiatorThatCannotJudgeTestCasesSkipsTesting() {
    ScriptedNegotiator requester = ScriptedNegotiator.accepting(P).testCases(CASES, t -> Verdict.accept());
    ScriptedNegotiator provider = ScriptedNegotiator.accepting("").testCases("", t -> {
      throw new org.anp.meta.MetaProtocolException(MetaProtocolError.INVALID_PROTOCOL_DOCUMENT, "unreadable");
    });
    EnginePair p = pair(requester, provider).run();
    assertThat(p.sentBy(false)).anyMatch(m -> m instanceof TestCasesNegotiation tc && tc.status() == NegotiationStatus.REJECTED);
    assertThat(p.requester.state()).isEqualTo(NegotiationState.READY);
    assertThat(p.provider.state()).isEqualTo(NegotiationState.READY);
  }

  @Test
  void failedTestIsFixedByThePeerThatAdmitsFault() {
    ScriptedNegotiator requester = ScriptedNegotiator.accepting(P).testCases(CASES, t -> Verdict.accept());
    ScriptedNegotiator provider = ScriptedNegotiator.accepting("").fixVerdict(d -> FixVerdict.admit());
    EnginePair p = pair(requester, provider).run();
    p.feed(true, p.requester.testsFailed("# Error Description\n- response lacks code"));

    // The provider admitted, regenerated (the stand-in driver reports code ready), announced it.
    assertThat(p.providerEvents).contains(new FixAccepted(ProtocolHash.of(P), true), new CodeNeeded(P, ProtocolHash.of(P), true));
    assertThat(p.requesterEvents).contains(new FixAccepted(ProtocolHash.of(P), false));
    assertThat(p.requester.state()).isEqualTo(NegotiationState.READY);
    assertThat(p.provider.state()).isEqualTo(NegotiationState.READY);
    assertThat(p.sentBy(false)).contains(new FixErrorNegotiation("", NegotiationStatus.ACCEPTED));
    assertThat(p.requesterEvents.get(p.requesterEvents.size() - 1)).isEqualTo(new Ready(P, ProtocolHash.of(P)));
  }

  @Test
  void deniedViolationLeavesBothReadyUntilTheLimit() {
    ScriptedNegotiator provider = ScriptedNegotiator.accepting("").fixVerdict(d -> FixVerdict.deny("the response has code"));
    EnginePair p = pair(ScriptedNegotiator.accepting(P), provider).run();
    p.feed(true, p.requester.reportViolation("missing code"));
    assertThat(p.requesterEvents).contains(new FixRejected("the response has code"));
    assertThat(p.requester.state()).isEqualTo(NegotiationState.READY);
    assertThat(p.provider.state()).isEqualTo(NegotiationState.READY);

    for (int i = 2; i < NegotiationConfig.DEFAULT_MAX_ROUNDS; i++) {
      p.feed(true, p.requester.reportViolation("missing code"));
    }
    assertThat(p.requester.state()).isEqualTo(NegotiationState.READY);
    p.feed(true, p.requester.reportViolation("missing code")); // the tenth denial
    assertThat(p.requester.state()).isEqualTo(NegotiationState.FAILED);
    assertThat(failure(p.requesterEvents).code()).isEqualTo(MetaProtocolError.NEGOTIATION_REJECTED);
  }

  @Test
  void unansweredViolationReportTimesOut() {
    EnginePair p = pair(ScriptedNegotiator.accepting(P), ScriptedNegotiator.accepting("")).run();
    var step = p.requester.reportViolation("missing code");
    assertThat(step.outbound()).containsExactly(new FixErrorNegotiation("missing code", NegotiationStatus.NEGOTIATING));
    clock.advance(Duration.ofSeconds(60));
    assertThat(failure(p.requester.tick().events()).code()).isEqualTo(MetaProtocolError.NEGOTIATION_TIMEOUT);
  }

  @Test
  void naturalLanguageQuestionIsAnsweredInAnyState() {
    EnginePair p = pair(ScriptedNegotiator.accepting(P), ScriptedNegotiator.accepting("")).run();
    var ask = p.requester.ask("Can you also return humidity?");
    String id = ((NaturalLanguageNegotiation) ask.outbound().get(0)).messageId();
    p.feed(true, ask);
    assertThat(p.requesterEvents).contains(new NaturalLanguageAnswer(id, "answer to: Can you also return humidity?"));
    assertThat(p.requester.state()).isEqualTo(NegotiationState.READY);
  }
}
