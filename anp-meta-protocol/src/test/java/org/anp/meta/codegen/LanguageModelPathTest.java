package org.anp.meta.codegen;

import static org.anp.meta.testing.WeatherFixture.COUNTER;
import static org.anp.meta.testing.WeatherFixture.NEED;
import static org.anp.meta.testing.WeatherFixture.answer;
import static org.anp.meta.testing.WeatherFixture.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.anp.identity.json.StrictJson;
import org.anp.meta.handler.Verification;
import org.anp.meta.handler.ProtocolHandler;
import org.anp.meta.handler.SchemaHandlerGenerator;
import org.anp.meta.handler.ViolationSink;
import org.anp.meta.llm.LanguageModel;
import org.anp.meta.llm.LanguageModelConfig;
import org.anp.meta.llm.LanguageModelNegotiator;
import org.anp.meta.negotiation.MetaCapability;
import org.anp.meta.negotiation.NegotiationConfig;
import org.anp.meta.negotiation.NegotiationEngine;
import org.anp.meta.negotiation.NegotiationEvent;
import org.anp.meta.negotiation.NegotiationState;
import org.anp.meta.negotiation.SessionCapabilities;
import org.anp.meta.negotiator.SchemaNegotiator;
import org.anp.meta.negotiator.TestCases;
import org.anp.meta.testing.EnginePair;
import org.anp.meta.testing.ScriptedChatServer;
import org.anp.meta.testing.WeatherFixture;
import org.anp.meta.wire.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole language-model path of issue 14 against a chat-completions server on loopback: a
 * provider with the model negotiator and the model code generator agrees a protocol with a
 * deterministic requester (through a garbage answer and a slow one), generates Java, passes the
 * agreed test cases over verification frames and serves an application request.
 */
class LanguageModelPathTest {
  private final ScriptedChatServer server = new ScriptedChatServer();
  private LanguageModelCodeGenerator codegen;

  LanguageModelPathTest() throws Exception {}

  @AfterEach
  void close() {
    if (codegen != null) {
      codegen.close();
    }
    server.close();
  }

  @Test
  void modelNegotiatesGeneratesTestsAndServes() throws Exception {
    server.answer("Let me think... I would counter by dropping humidity.")
        .slow()
        .answer(verdict("counter", COUNTER, "this agent cannot return humidity"))
        .answer(answer("source", GeneratedSources.GOOD));
    LanguageModel model = LanguageModel.openAiCompatible(
        LanguageModelConfig.builder(server.baseUrl(), "test-model").requestTimeout(Duration.ofSeconds(10)).build());
    codegen = LanguageModelCodeGenerator.builder(model)
        .provider(WeatherFixture.capabilities(), Map.of("getWeather",
            r -> JsonNodeFactory.instance.objectNode().put("code", 200).put("tempC", r.path("town").asText().length())))
        .build();
    SessionCapabilities all = new SessionCapabilities("1.0", EnumSet.allOf(MetaCapability.class));
    EnginePair pair = new EnginePair(
        NegotiationEngine.requester(NegotiationConfig.builder(SchemaNegotiator.of(List.of())).capabilities(all).build(), NEED),
        NegotiationEngine.provider(NegotiationConfig.builder(
            LanguageModelNegotiator.builder(model).capabilities(WeatherFixture.capabilities()).build()).capabilities(all).build()))
        .manualCode()
        .run();

    // Agreed through the model's counter-proposal; both sides now need code.
    assertThat(pair.requester.state()).isEqualTo(NegotiationState.CODEGEN);
    assertThat(pair.provider.state()).isEqualTo(NegotiationState.CODEGEN);
    String protocol = pair.provider.agreedProtocol().orElseThrow();
    assertThat(protocol).doesNotContain("humidity");

    ProtocolHandler provider = codegen.generate(protocol, ViolationSink.NONE);
    ProtocolHandler requester = SchemaHandlerGenerator.forRequester().generate(protocol, ViolationSink.NONE);
    pair.feed(false, pair.provider.codeReady());
    pair.feed(true, pair.requester.codeReady());

    // The requester's deterministic test cases are agreed; the generated handler passes them
    // in process and over verification frames.
    String agreed = pair.requesterEvents.stream()
        .filter(e -> e instanceof NegotiationEvent.TestCasesAgreed)
        .map(e -> ((NegotiationEvent.TestCasesAgreed) e).testCases())
        .findFirst().orElseThrow();
    assertThat(pair.providerEvents).contains(new NegotiationEvent.TestCasesAgreed(agreed));
    ((SandboxedProtocolHandler) provider).verify(TestCases.parse(agreed));
    Verification run = Verification.of(requester, TestCases.parse(agreed));
    for (Frame request : run.requests()) {
      run.onResponse(Verification.serve(provider, request));
    }
    assertThat(run.complete()).isTrue();
    assertThat(run.failureDescription()).isEmpty();
    pair.feed(true, pair.requester.testsPassed());
    assertThat(pair.requester.state()).isEqualTo(NegotiationState.READY);
    assertThat(pair.provider.state()).isEqualTo(NegotiationState.READY);

    // An application request through both handlers.
    byte[] request = requester.encodeRequest(StrictJson.parse("{\"messageId\":\"app-1\",\"type\":\"REQUEST\",\"town\":\"Oslo\"}", 1000));
    JsonNode reply = requester.decodeResponse(provider.handleRequest(request));
    assertThat(reply).isEqualTo(StrictJson.parse(
        "{\"messageId\":\"app-1\",\"type\":\"RESPONSE\",\"code\":200,\"tempC\":4.0}", 1000));

    // Garbage, slow (timed out), the counter, the source: four requests, no more.
    for (int i = 0; i < 4; i++) {
      server.next();
    }
    assertThat(server.received).isEmpty();
    assertThat(server.pending()).isZero();
  }
}
