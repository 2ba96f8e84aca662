package org.anp.meta.llm;

import static org.anp.meta.testing.WeatherFixture.COUNTER;
import static org.anp.meta.testing.WeatherFixture.NEED;
import static org.anp.meta.testing.WeatherFixture.answer;
import static org.anp.meta.testing.WeatherFixture.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.anp.meta.negotiation.NegotiationConfig;
import org.anp.meta.negotiation.NegotiationEngine;
import org.anp.meta.negotiation.NegotiationState;
import org.anp.meta.negotiator.Negotiator;
import org.anp.meta.negotiator.Proposal;
import org.anp.meta.negotiator.ProtocolDocument;
import org.anp.meta.negotiator.SchemaNegotiator;
import org.anp.meta.negotiator.Verdict;
import org.anp.meta.testing.EnginePair;
import org.anp.meta.testing.ScriptedChatServer;
import org.anp.meta.testing.WeatherFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LanguageModelNegotiatorTest {
  private final ScriptedChatServer server = new ScriptedChatServer();

  LanguageModelNegotiatorTest() throws Exception {}

  @AfterEach
  void close() {
    server.close();
  }

  private LanguageModelNegotiator.Builder negotiator(Duration timeout) {
    LanguageModel model = LanguageModel.openAiCompatible(
        LanguageModelConfig.builder(server.baseUrl(), "test-model").requestTimeout(timeout).build());
    return LanguageModelNegotiator.builder(model).capabilities(WeatherFixture.capabilities());
  }

  private static NegotiationConfig config(Negotiator n) {
    return NegotiationConfig.builder(n).build();
  }

  private static Proposal asProvider(String candidate) {
    return new Proposal(Proposal.Role.PROVIDER, 1, candidate, Optional.empty(), Optional.empty(), Optional.empty());
  }

  @Test
  void providerCountersThroughTheModelAfterGarbageAndASlowReplyAndTheDeterministicRequesterAgrees() throws Exception {
    server.answer("I think we should drop humidity. {\"action\":\"counter\"}")
        .slow()
        .answer(verdict("counter", COUNTER, "this agent cannot return humidity"));
    EnginePair pair = new EnginePair(
        NegotiationEngine.requester(config(SchemaNegotiator.of(List.of())), NEED),
        NegotiationEngine.provider(config(negotiator(Duration.ofSeconds(10)).build())))
        .run();

    assertThat(pair.requester.state()).isEqualTo(NegotiationState.READY);
    assertThat(pair.provider.state()).isEqualTo(NegotiationState.READY);
    String agreed = pair.requester.agreedProtocol().orElseThrow();
    assertThat(agreed).isEqualTo(ProtocolDocument.parse(COUNTER).render()).doesNotContain("humidity");
    assertThat(pair.provider.agreedProtocol()).contains(agreed);

    ScriptedChatServer.Received first = server.next();
    assertThat(first.allText()).contains("PROVIDER", "getWeather", "humidity", "\"action\"");
    assertThat(server.next().lastMessage()).contains("refused", "does not start with '{'");
    assertThat(server.next().lastMessage()).contains("refused");
    assertThat(server.received).isEmpty();
  }

  @Test
  void requesterDraftsWithTheModelAndAcceptsTheDeterministicProvidersCounter() throws Exception {
    server.answer(answer("protocol", NEED))
        .answer(verdict("accept", "", "humidity is optional for this agent"));
    EnginePair pair = new EnginePair(
        NegotiationEngine.requester(config(negotiator(Duration.ofSeconds(30)).capabilities(List.of()).build()), NEED),
        NegotiationEngine.provider(config(SchemaNegotiator.of(WeatherFixture.capabilities()))))
        .run();

    assertThat(pair.requester.state()).isEqualTo(NegotiationState.READY);
    assertThat(pair.requester.agreedProtocol().orElseThrow()).doesNotContain("humidity");
    assertThat(server.next().allText()).contains("<need>", "Current weather for a town.");
    assertThat(server.next().allText()).contains("REQUESTER", "<previous>", "humidity");
  }

  @Test
  void counterProposalsThatAreNotProtocolDocumentsAreAskedAgainThenTheCandidateIsRejected() throws Exception {
    String noSchemas = "# Requirements\nWeather.\n";
    String badSchema = COUNTER.replace("\"town\":{\"type\":\"string\"}", "\"town\":{\"type\":7}");
    assertThat(badSchema).isNotEqualTo(COUNTER);
    server.answer(verdict("counter", noSchemas, "simpler"))
        .answer(verdict("counter", badSchema, "typed"))
        .answer(verdict("maybe", "", ""));
    Verdict v = negotiator(Duration.ofSeconds(30)).maxAttempts(3).build().evaluate(asProvider(NEED));

    assertThat(v).isInstanceOfSatisfying(Verdict.Reject.class,
        r -> assertThat(r.reason()).contains("could not decide", "after 3 attempts", "maybe"));
    server.next();
    assertThat(server.next().lastMessage()).contains("Request Message Format");
    assertThat(server.next().lastMessage()).contains("not a draft 2020-12 schema");
  }

  @Test
  void aCounterEqualToTheCandidateIsAnAcceptanceAndAReasonIsRequired() {
    server.answer(verdict("counter", NEED, "same"))
        .answer(verdict("counter", COUNTER, ""))
        .answer(verdict("reject", "", ""));
    LanguageModelNegotiator n = negotiator(Duration.ofSeconds(30)).maxAttempts(1).build();
    assertThat(n.evaluate(asProvider(NEED))).isEqualTo(Verdict.accept());
    assertThat(n.evaluate(asProvider(NEED))).isInstanceOfSatisfying(Verdict.Reject.class,
        r -> assertThat(r.reason()).contains("needs a \"reason\""));
    assertThat(n.evaluate(asProvider(NEED))).isInstanceOfSatisfying(Verdict.Reject.class,
        r -> assertThat(r.reason()).isEqualTo("the candidate does not fit this agent"));
  }

  @Test
  void withoutAModelTheNegotiatorFallsBackAndNeverSendsAnOversizedPrompt() throws Exception {
    LanguageModel small = LanguageModel.openAiCompatible(
        LanguageModelConfig.builder(server.baseUrl(), "m").maxPromptBytes(512).build());
    LanguageModelNegotiator n = LanguageModelNegotiator.builder(small).maxAttempts(2).build();
    assertThat(n.evaluate(asProvider(NEED))).isInstanceOfSatisfying(Verdict.Reject.class,
        r -> assertThat(r.reason()).contains("prompt", "limit 512"));
    assertThat(n.draft(NEED)).isEqualTo(ProtocolDocument.parse(NEED).render());
    assertThat(server.received).isEmpty();

    // Unscripted: every request gets HTTP 500.
    LanguageModelNegotiator down = negotiator(Duration.ofSeconds(30)).maxAttempts(2).build();
    assertThat(down.evaluate(asProvider(NEED))).isInstanceOfSatisfying(Verdict.Reject.class,
        r -> assertThat(r.reason()).contains("HTTP status 500"));
    assertThat(down.answer("what do you serve?")).contains("getWeather");
    assertThat(down.evaluate(new Proposal(Proposal.Role.PROVIDER, 1, "   ", Optional.empty(), Optional.empty(), Optional.empty())))
        .isInstanceOf(Verdict.Reject.class);
  }
}
