package org.anp.meta.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.anp.meta.negotiation.MetaCapability;
import org.anp.meta.negotiation.NegotiationConfig;
import org.anp.meta.negotiation.NegotiationEngine;
import org.anp.meta.negotiation.NegotiationEvent;
import org.anp.meta.negotiation.NegotiationState;
import org.anp.meta.negotiation.SessionCapabilities;
import org.anp.meta.negotiator.LocalCapability;
import org.anp.meta.negotiator.SchemaNegotiator;
import org.anp.meta.negotiator.TestCases;
import org.anp.meta.negotiator.Verdict;
import org.anp.meta.testing.EnginePair;
import org.anp.meta.wire.Frame;
import org.anp.meta.wire.TestCasesNegotiation;
import org.junit.jupiter.api.Test;

/**
 * The deterministic path end to end, in memory: negotiation with the schema negotiator on both
 * sides, schema handlers, three agreed test cases run as PT=11 traffic, then READY.
 */
class VerificationTest {
  private static final SessionCapabilities ALL = new SessionCapabilities("1.0", EnumSet.allOf(MetaCapability.class));
  private static final String NEED = """
      # Requirements
      Current weather for a city.

      ## Request Message Format
      {"messageId":"...","town":"Paris"}

      ## Response Message Format
      {"messageId":"...","code":200,"tempC":21.5}
      """;

  private final List<LocalCapability> capabilities = LocalCapability.parseAll(SchemaHandlerGeneratorTest.CAPABILITIES);
  private final AtomicInteger calls = new AtomicInteger();
  private final CapabilityFunction weather = req -> {
    calls.incrementAndGet();
    return JsonNodeFactory.instance.objectNode().put("code", 200).put("tempC", 21.5);
  };

  private EnginePair negotiate() {
    return new EnginePair(
        NegotiationEngine.requester(NegotiationConfig.builder(SchemaNegotiator.of(List.of())).capabilities(ALL).build(), NEED),
        NegotiationEngine.provider(NegotiationConfig.builder(SchemaNegotiator.of(capabilities)).capabilities(ALL).build()))
        .run();
  }

  @Test
  void agreedTestCasesRunAsVerificationTrafficAndThenReady() {
    EnginePair p = negotiate();
    String protocol = p.requester.agreedProtocol().orElseThrow();
    assertThat(p.sentBy(true)).anyMatch(m -> m instanceof TestCasesNegotiation);
    String agreedCases = p.requesterEvents.stream()
        .filter(e -> e instanceof NegotiationEvent.TestCasesAgreed).map(e -> ((NegotiationEvent.TestCasesAgreed) e).testCases())
        .findFirst().orElseThrow();
    assertThat(p.requester.state()).isEqualTo(NegotiationState.TESTING);
    assertThat(p.provider.state()).isEqualTo(NegotiationState.READY);

    ProtocolHandler requester = SchemaHandlerGenerator.forRequester().generate(protocol, ViolationSink.NONE);
    ProtocolHandler provider = SchemaHandlerGenerator.forProvider(capabilities, Map.of("getWeather", weather))
        .generate(p.provider.agreedProtocol().orElseThrow(), d -> p.feed(false, p.provider.reportViolation(d)));
    Verification run = Verification.of(requester, TestCases.parse(agreedCases));
    assertThat(run.requests()).hasSize(SchemaNegotiator.TEST_CASES);
    for (Frame request : run.requests()) {
      assertThat(request.encode()[0]).isEqualTo((byte) 0xC0);
      run.onResponse(Verification.serve(provider, Frame.decode(request.encode(), 1 << 16)));
    }
    assertThat(run.complete()).isTrue();
    assertThat(run.failureDescription()).isEmpty();
    assertThat(calls).hasValue(SchemaNegotiator.TEST_CASES);

    p.feed(true, p.requester.testsPassed());
    assertThat(p.requester.state()).isEqualTo(NegotiationState.READY);
  }

  @Test
  void aFailedCaseOpensAFixErrorNegotiation() {
    EnginePair p = negotiate();
    String agreedCases = p.requesterEvents.stream()
        .filter(e -> e instanceof NegotiationEvent.TestCasesAgreed).map(e -> ((NegotiationEvent.TestCasesAgreed) e).testCases())
        .findFirst().orElseThrow();
    ProtocolHandler requester = SchemaHandlerGenerator.forRequester()
        .generate(p.requester.agreedProtocol().orElseThrow(), ViolationSink.NONE);
    Verification run = Verification.of(requester, TestCases.parse(agreedCases));
    for (int i = 0; i < run.requests().size(); i++) {
      run.onResponse(Frame.verification("{\"code\":\"ok\"}".getBytes(StandardCharsets.UTF_8)));
    }
    assertThat(run.complete()).isTrue();
    String description = run.failureDescription().orElseThrow();
    assertThat(description).startsWith("# Error Description\n- test case 1: the response does not match");

    p.feed(true, p.requester.testsFailed(description));
    // The schema negotiator on the provider denies fault; the requester is told why.
    assertThat(p.requesterEvents).anyMatch(e -> e instanceof NegotiationEvent.FixRejected);
    assertThatThrownBy(() -> run.onResponse(Frame.verification(new byte[] {'{', '}'})))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Verification.serve(requester, Frame.application(new byte[0])))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void schemaNegotiatorChecksTestCasesAgainstTheAgreedRequestFormat() {
    EnginePair p = negotiate();
    String protocol = p.requester.agreedProtocol().orElseThrow();
    SchemaNegotiator n = SchemaNegotiator.of(capabilities);
    String cases = n.draftTestCases(protocol).orElseThrow();
    assertThat(n.evaluateTestCases(protocol, cases)).isEqualTo(Verdict.accept());
    String oneBad = cases + "\n# Test Case 4\n\n- **Test Request Data**:\n{\"messageId\":7}\n";
    assertThat(n.evaluateTestCases(protocol, oneBad)).isInstanceOfSatisfying(Verdict.Counter.class, c -> {
      assertThat(c.summary()).contains("dropped test case 4");
      assertThat(TestCases.parse(c.candidate()).cases()).hasSize(TestCases.parse(cases).cases().size());
    });
    assertThat(n.evaluateTestCases(protocol, "# Test Case 1\n- **Test Request Data**:\n{\"x\":1}\n"))
        .isInstanceOf(Verdict.Reject.class);
    assertThat(n.evaluateTestCases(protocol, "no cases")).isInstanceOf(Verdict.Reject.class);
    assertThat(n.draftTestCases("# Requirements\nNo formats.\n")).isEmpty();
  }
}
