package org.anp.meta.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.internal.llm.ModelDialogue;
import org.anp.meta.testing.ScriptedChatServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChatCompletionsClientTest {
  private final ScriptedChatServer server = new ScriptedChatServer();

  ChatCompletionsClientTest() throws Exception {}

  @AfterEach
  void close() {
    server.close();
  }

  private LanguageModelConfig.Builder config() {
    return LanguageModelConfig.builder(server.baseUrl(), "test-model").apiKey(ApiKey.of("sk-secret-123"));
  }

  private static MetaProtocolError codeOf(Throwable t) {
    Throwable c = t instanceof CompletionException ? t.getCause() : t;
    assertThat(c).isInstanceOf(MetaProtocolException.class);
    return ((MetaProtocolException) c).code();
  }

  @Test
  void sendsModelMessagesAndKeyAndReturnsTheContent() throws Exception {
    server.answer("{\"ok\":true}");
    LanguageModel model = LanguageModel.openAiCompatible(config().build());
    String reply = model.complete(List.of(ChatMessage.system("be brief"), ChatMessage.user("hello"))).join();

    assertThat(reply).isEqualTo("{\"ok\":true}");
    ScriptedChatServer.Received r = server.next();
    assertThat(r.authorization()).contains("Bearer sk-secret-123");
    assertThat(r.body().path("model").asText()).isEqualTo("test-model");
    assertThat(r.body().path("messages").path(0).path("role").asText()).isEqualTo("system");
    assertThat(r.body().path("messages").path(1).path("content").asText()).isEqualTo("hello");
  }

  @Test
  void theKeyNeverShowsInToString() {
    LanguageModelConfig c = config().build();
    assertThat(c.toString()).doesNotContain("sk-secret-123").contains("redacted", "test-model");
    assertThat(c.apiKey().orElseThrow().toString()).doesNotContain("sk-secret");
    assertThat(LanguageModel.openAiCompatible(c).toString()).doesNotContain("sk-secret");
  }

  @Test
  void environmentConfiguresTheModelAndItsAbsenceMeansOffline() {
    assertThat(LanguageModelConfig.fromEnvironment(Map.of())).isEmpty();
    assertThat(LanguageModelConfig.fromEnvironment(Map.of("ANP_LLM_BASE_URL", "https://llm.example/v1"))).isEmpty();
    LanguageModelConfig c = LanguageModelConfig.fromEnvironment(Map.of(
        "ANP_LLM_BASE_URL", "https://llm.example/v1", "ANP_LLM_MODEL", "m1", "ANP_LLM_API_KEY", "k")).orElseThrow();
    assertThat(c.baseUrl()).isEqualTo(URI.create("https://llm.example/v1"));
    assertThat(c.model()).isEqualTo("m1");
    assertThat(c.apiKey().orElseThrow().valueInsecure()).isEqualTo("k");
    assertThatThrownBy(() -> LanguageModelConfig.builder(URI.create("http://llm.example/v1"), "m"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
  }

  @Test
  void errorsAndGarbageAreTypedFailures() {
    server.raw(500, "{\"error\":\"boom\"}").raw(200, "not json at all").raw(200, "{\"choices\":[]}");
    LanguageModel model = LanguageModel.openAiCompatible(config().build());
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> model.complete(List.of(ChatMessage.user("q"))).join())
          .satisfies(t -> assertThat(codeOf(t)).isEqualTo(MetaProtocolError.LANGUAGE_MODEL_FAILED));
    }
  }

  @Test
  void aSlowReplyTimesOut() {
    server.slow();
    LanguageModel model = LanguageModel.openAiCompatible(config().requestTimeout(Duration.ofMillis(500)).build());
    assertThatThrownBy(() -> model.complete(List.of(ChatMessage.user("q"))).join())
        .satisfies(t -> assertThat(codeOf(t)).isEqualTo(MetaProtocolError.LANGUAGE_MODEL_FAILED))
        .satisfies(t -> assertThat(t).hasMessageContaining("timeout"));
  }

  @Test
  void sizeLimitsHoldBothWays() throws Exception {
    LanguageModel model = LanguageModel.openAiCompatible(config().maxPromptBytes(300).maxResponseBytes(400).build());
    // Exactly 300 bytes are sent; the unscripted server answers HTTP 500.
    assertThatThrownBy(() -> model.complete(List.of(ChatMessage.user("x".repeat(300)))).join())
        .satisfies(t -> assertThat(codeOf(t)).isEqualTo(MetaProtocolError.LANGUAGE_MODEL_FAILED));
    assertThatThrownBy(() -> model.complete(List.of(ChatMessage.user("x".repeat(301)))).join())
        .satisfies(t -> assertThat(codeOf(t)).isEqualTo(MetaProtocolError.MESSAGE_TOO_LARGE));
    assertThat(server.next().lastMessage()).hasSize(300);
    assertThat(server.received).isEmpty();

    server.answer("y".repeat(500));
    assertThatThrownBy(() -> model.complete(List.of(ChatMessage.user("q"))).join())
        .satisfies(t -> assertThat(codeOf(t)).isEqualTo(MetaProtocolError.MESSAGE_TOO_LARGE));
  }

  @Test
  void dialogueRetriesGarbageAndASlowReplyThenReadsTheAnswer() throws Exception {
    server.answer("Sure! Here is my answer: accept").slow().answer("```json\n{\"answer\":\"42\"}\n```");
    LanguageModel model = LanguageModel.openAiCompatible(config().requestTimeout(Duration.ofSeconds(10)).build());
    ModelDialogue dialogue = new ModelDialogue(model, 3, Duration.ofSeconds(60));

    String answer = dialogue.ask("question", List.of(ChatMessage.user("q?")), Set.of("answer"),
        a -> ModelDialogue.text(a, "answer", true));

    assertThat(answer).isEqualTo("42");
    assertThat(server.next().allText()).doesNotContain("refused");
    assertThat(server.next().lastMessage()).contains("refused", "does not start with '{'");
    assertThat(server.next().lastMessage()).contains("refused");
  }

  @Test
  void dialogueGivesUpAfterItsAttemptsNamingTheLastProblem() {
    server.answer("{\"answer\":1}").answer("{\"answer\":\"x\",\"extra\":1}");
    ModelDialogue dialogue = new ModelDialogue(LanguageModel.openAiCompatible(config().build()), 2, Duration.ofSeconds(60));
    assertThatThrownBy(() -> dialogue.ask("question", List.of(ChatMessage.user("q?")), Set.of("answer"),
            a -> ModelDialogue.text(a, "answer", true)))
        .isInstanceOfSatisfying(MetaProtocolException.class, e -> {
          assertThat(e.code()).isEqualTo(MetaProtocolError.LANGUAGE_MODEL_FAILED);
          assertThat(e).hasMessageContaining("after 2 attempts").hasMessageContaining("extra");
        });
  }
}
