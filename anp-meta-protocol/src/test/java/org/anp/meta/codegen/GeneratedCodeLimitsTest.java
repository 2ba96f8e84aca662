package org.anp.meta.codegen;

import static org.anp.meta.testing.WeatherFixture.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.anp.identity.json.StrictJson;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.handler.ProtocolHandler;
import org.anp.meta.handler.ViolationSink;
import org.anp.meta.llm.LanguageModel;
import org.anp.meta.llm.LanguageModelConfig;
import org.anp.meta.testing.ScriptedChatServer;
import org.anp.meta.testing.WeatherFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bounds on what generated code occupies: source size, bytecode size, handlers loaded. */
class GeneratedCodeLimitsTest {
  private static final String PROTOCOL = LanguageModelCodeGeneratorTest.PROTOCOL;
  private static final byte[] REQUEST = "{\"messageId\":\"m1\",\"town\":\"Oslo\"}".getBytes(StandardCharsets.UTF_8);

  private final ScriptedChatServer server = new ScriptedChatServer();
  private LanguageModelCodeGenerator generator;

  GeneratedCodeLimitsTest() throws Exception {}

  @AfterEach
  void close() {
    if (generator != null) {
      generator.close();
    }
    server.close();
  }

  private LanguageModelCodeGenerator.Builder builder() {
    LanguageModel model = LanguageModel.openAiCompatible(LanguageModelConfig.builder(server.baseUrl(), "m").build());
    return LanguageModelCodeGenerator.builder(model)
        .provider(WeatherFixture.capabilities(), Map.of("getWeather",
            r -> JsonNodeFactory.instance.objectNode().put("code", 200).put("tempC", 21.5)));
  }

  /** The stored form of a handler with {@code source}: restored without the model. */
  private static JsonNode form(String source) {
    ObjectNode form = JsonNodeFactory.instance.objectNode();
    return form.put("kind", LanguageModelCodeGenerator.FORM_KIND).put("capability", "getWeather")
        .put("className", LanguageModelCodeGenerator.CLASS_NAME).put("source", source);
  }

  private static String served(ProtocolHandler handler) {
    return StrictJson.parse(handler.handleRequest(REQUEST), 1 << 16).path("messageId").asText();
  }

  @Test
  void pastTheLimitTheLeastRecentlyUsedHandlerIsUnloadedAndLoadedAgainWhenUsed() {
    generator = builder().maxLoadedHandlers(2).build();
    ProtocolHandler a = generator.restore(PROTOCOL, form(GeneratedSources.GOOD), ViolationSink.NONE);
    ProtocolHandler b = generator.restore(PROTOCOL, form(GeneratedSources.GOOD), ViolationSink.NONE);
    assertThat(generator.loadedHandlers()).isEqualTo(2);
    assertThat(generator.handlerLoads()).isEqualTo(2);

    served(a); // a is now the most recently used: c evicts b
    ProtocolHandler c = generator.restore(PROTOCOL, form(GeneratedSources.GOOD), ViolationSink.NONE);
    assertThat(generator.loadedHandlers()).isEqualTo(2);
    assertThat(served(a)).isEqualTo("m1");
    assertThat(served(c)).isEqualTo("m1");
    assertThat(generator.handlerLoads()).as("a and c stayed loaded").isEqualTo(3);

    // b still serves: loaded again from its source, evicting the least recently used (a)
    assertThat(served(b)).isEqualTo("m1");
    assertThat(generator.handlerLoads()).isEqualTo(4);
    assertThat(generator.loadedHandlers()).isEqualTo(2);
    assertThat(served(c)).isEqualTo("m1");
    assertThat(generator.handlerLoads()).as("c was not evicted").isEqualTo(4);
    assertThat(served(a)).isEqualTo("m1");
    assertThat(generator.handlerLoads()).isEqualTo(5);
  }

  @Test
  void aHandlerThatFailsItsTestsDoesNotStayLoaded() {
    generator = builder().maxLoadedHandlers(1).build();
    ProtocolHandler good = generator.restore(PROTOCOL, form(GeneratedSources.GOOD), ViolationSink.NONE);
    assertThatThrownBy(() -> generator.restore(PROTOCOL, form(GeneratedSources.NO_TEMPERATURE), ViolationSink.NONE))
        .isInstanceOfSatisfying(MetaProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(MetaProtocolError.CODE_GENERATION_FAILED));
    // trying it took the only place (the good one was unloaded); failing, it gave the place up
    assertThat(generator.loadedHandlers()).isZero();
    long loads = generator.handlerLoads();
    assertThat(served(good)).isEqualTo("m1");
    assertThat(generator.handlerLoads()).as("the good one was loaded again after the failed one").isEqualTo(loads + 1);
    assertThat(served(good)).isEqualTo("m1");
    assertThat(generator.handlerLoads()).isEqualTo(loads + 1);
  }

  @Test
  void aSourceOverTheLimitIsRefusedBeforeCompiling() {
    generator = builder().maxSourceChars(GeneratedSources.GOOD.length() - 1).build();
    assertThatThrownBy(() -> generator.restore(PROTOCOL, form(GeneratedSources.GOOD), ViolationSink.NONE))
        .isInstanceOfSatisfying(MetaProtocolException.class, e -> {
          assertThat(e.code()).isEqualTo(MetaProtocolError.CODE_GENERATION_FAILED);
          assertThat(e.getMessage()).contains("limit " + (GeneratedSources.GOOD.length() - 1));
        });
    assertThat(generator.loadedHandlers()).isZero();

    LanguageModelCodeGenerator exact = builder().maxSourceChars(GeneratedSources.GOOD.length()).build();
    try {
      assertThat(served(exact.restore(PROTOCOL, form(GeneratedSources.GOOD), ViolationSink.NONE))).isEqualTo("m1");
    } finally {
      exact.close();
    }
  }

  @Test
  void bytecodeOverTheLimitIsRefusedBeforeLoading() {
    generator = builder().maxBytecodeBytes(256).build();
    assertThatThrownBy(() -> generator.restore(PROTOCOL, form(GeneratedSources.GOOD), ViolationSink.NONE))
        .isInstanceOfSatisfying(MetaProtocolException.class, e -> {
          assertThat(e.code()).isEqualTo(MetaProtocolError.CODE_GENERATION_FAILED);
          assertThat(e.getMessage()).contains("class files take", "limit 256");
        });
    assertThat(generator.loadedHandlers()).isZero();
    assertThat(generator.handlerLoads()).isZero();
  }

  @Test
  void theModelIsToldItsSourceWasTooLargeAndTriesAgain() throws Exception {
    String padded = GeneratedSources.GOOD + "\n// " + "x".repeat(2000) + "\n";
    server.answer(answer("source", padded)).answer(answer("source", GeneratedSources.GOOD));
    generator = builder().maxSourceChars(GeneratedSources.GOOD.length() + 100).generationAttempts(2).build();
    ProtocolHandler handler = generator.generate(PROTOCOL, ViolationSink.NONE);
    assertThat(served(handler)).isEqualTo("m1");
    server.next();
    assertThat(server.next().lastMessage()).contains("chars, limit " + (GeneratedSources.GOOD.length() + 100));
  }

  @Test
  void limitsMustBePositive() {
    LanguageModelCodeGenerator.Builder b = builder();
    assertThatThrownBy(() -> b.maxSourceChars(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.maxBytecodeBytes(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.maxLoadedHandlers(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
