package org.anp.meta.internal.negotiation;

import java.util.Objects;
import java.util.Optional;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.negotiation.MetaCapability;
import org.anp.meta.negotiation.NegotiationEvent;
import org.anp.meta.negotiation.NegotiationState;
import org.anp.meta.negotiator.FixVerdict;
import org.anp.meta.negotiator.Proposal.Role;
import org.anp.meta.negotiator.Verdict;
import org.anp.meta.wire.FixErrorNegotiation;
import org.anp.meta.wire.NegotiationStatus;
import org.anp.meta.wire.TestCasesNegotiation;

/**
 * The rounds that follow agreement (spec/meta-protocol.md §2.3-2.4, §4 TESTING / FIXING / READY
 * rows): test-case negotiation, the verification run the driver performs, and fix-error
 * negotiation. Test-case rounds are counted locally (the message has no sequence id) with the
 * same limit; a refused or over-long test-case negotiation skips testing rather than failing
 * (the spec leaves the choice to policy). Part of one {@link NegotiationMachine}; not
 * thread-safe.
 */
final class AfterAgreement {
  private final NegotiationMachine m;
  private int testCaseRounds;
  /** Test cases agreed; the requester's driver is running them. */
  private boolean awaitingTestRun;
  /** Violations this side reported and the peer denied, since the last fix. */
  private int fixRounds;

  AfterAgreement(NegotiationMachine machine) {
    this.m = machine;
  }

  /** Requester, after both codeGeneration messages: proposes test cases if its negotiator has any. */
  boolean proposeTestCases() {
    Optional<String> cases;
    try {
      cases = m.config.negotiator().draftTestCases(m.agreed);
    } catch (MetaProtocolException e) {
      cases = Optional.empty(); // no usable cases: go on without testing
    }
    if (cases.isEmpty() || cases.get().isEmpty()) {
      return false;
    }
    testCaseRounds = 1;
    m.send(new TestCasesNegotiation(cases.get(), Optional.empty(), NegotiationStatus.NEGOTIATING));
    m.waitFor(NegotiationState.TESTING, m.config.negotiationTimeout());
    return true;
  }

  void onTestCases(TestCasesNegotiation tc) {
    boolean proposalWhileReady = m.state == NegotiationState.READY && tc.status() == NegotiationStatus.NEGOTIATING;
    if (proposalWhileReady) {
      testCaseRounds = 1;
      evaluate(tc);
      return;
    }
    if (m.state != NegotiationState.TESTING || awaitingTestRun) {
      m.event(new NegotiationEvent.Ignored(tc.action(), "not negotiating test cases in " + m.state));
      return;
    }
    switch (tc.status()) {
      case ACCEPTED -> agreed(tc.testCases());
      case NEGOTIATING -> {
        testCaseRounds++;
        evaluate(tc);
      }
      default -> m.ready(); // rejected: go on without testing
    }
  }

  private void evaluate(TestCasesNegotiation tc) {
    if (testCaseRounds > m.config.maxRounds()) {
      refuse("more than " + m.config.maxRounds() + " rounds of test cases");
      return;
    }
    Verdict verdict;
    try {
      verdict = m.config.negotiator().evaluateTestCases(m.agreed, tc.testCases());
    } catch (MetaProtocolException e) {
      verdict = Verdict.reject("the test cases could not be evaluated: " + e.getMessage());
    }
    if (verdict instanceof Verdict.Accept) {
      m.send(new TestCasesNegotiation(tc.testCases(), Optional.empty(), NegotiationStatus.ACCEPTED));
      agreed(tc.testCases());
    } else if (verdict instanceof Verdict.Counter c) {
      if (testCaseRounds + 1 > m.config.maxRounds()) {
        refuse("a counter-proposal would exceed " + m.config.maxRounds() + " rounds of test cases");
        return;
      }
      testCaseRounds++;
      m.send(new TestCasesNegotiation(c.candidate(), Optional.of(c.summary()), NegotiationStatus.NEGOTIATING));
      m.waitFor(NegotiationState.TESTING, m.config.negotiationTimeout());
    } else if (verdict instanceof Verdict.Reject r) {
      refuse(r.reason());
    }
  }

  private void refuse(String reason) {
    m.send(new TestCasesNegotiation("", Optional.of(reason), NegotiationStatus.REJECTED));
    m.ready();
  }

  private void agreed(String testCases) {
    m.event(new NegotiationEvent.TestCasesAgreed(testCases));
    if (m.role == Role.REQUESTER) {
      awaitingTestRun = true;
      m.waitForDriver(NegotiationState.TESTING);
    } else {
      m.ready();
    }
  }

  void testsPassed() {
    requireTestRun("testsPassed()");
    awaitingTestRun = false;
    m.ready();
  }

  void testsFailed(String description) {
    Objects.requireNonNull(description, "description");
    requireTestRun("testsFailed()");
    awaitingTestRun = false;
    reportFix(description);
  }

  private void requireTestRun(String call) {
    if (m.state != NegotiationState.TESTING || !awaitingTestRun) {
      throw new IllegalStateException(call + ": no agreed tests are running (state " + m.state + ")");
    }
  }

  /** Reports a violation of the agreed protocol by the peer (spec §2.4). */
  void reportFix(String description) {
    if (!m.config.capabilities().allows(MetaCapability.FIX_ERROR_NEGOTIATION)) {
      m.fail(MetaProtocolError.PROTOCOL_VIOLATION,
          "the peer violates the agreed protocol and fixErrorNegotiation is not shared: " + description);
      return;
    }
    awaitingTestRun = false;
    m.send(new FixErrorNegotiation(description, NegotiationStatus.NEGOTIATING));
    m.waitFor(NegotiationState.FIXING, m.config.negotiationTimeout());
  }

  void onFixError(FixErrorNegotiation fe) {
    switch (fe.status()) {
      case NEGOTIATING -> onReport(fe);
      case ACCEPTED -> {
        if (m.state == NegotiationState.FIXING) {
          fixRounds = 0;
          m.expectNewCode(false);
        } else {
          m.event(new NegotiationEvent.Ignored(fe.action(), "no violation reported"));
        }
      }
      default -> {
        if (m.state != NegotiationState.FIXING) {
          m.event(new NegotiationEvent.Ignored(fe.action(), "no violation reported"));
        } else if (++fixRounds >= m.config.maxRounds()) {
          m.fail(MetaProtocolError.NEGOTIATION_REJECTED,
              "the peer denied " + fixRounds + " reported violations: " + fe.errorDescription());
        } else {
          m.event(new NegotiationEvent.FixRejected(fe.errorDescription()));
          m.ready();
        }
      }
    }
  }

  private void onReport(FixErrorNegotiation fe) {
    boolean settled =
        m.state == NegotiationState.READY
            || m.state == NegotiationState.TESTING
            || m.state == NegotiationState.FIXING;
    if (!settled) {
      m.event(new NegotiationEvent.Ignored(fe.action(), "no code to fix in " + m.state));
      return;
    }
    FixVerdict verdict = m.evaluateFix(fe.errorDescription());
    if (verdict.ours()) {
      awaitingTestRun = false;
      m.send(new FixErrorNegotiation("", NegotiationStatus.ACCEPTED));
      m.expectNewCode(true);
    } else {
      m.send(new FixErrorNegotiation(verdict.reason(), NegotiationStatus.REJECTED));
    }
  }
}
