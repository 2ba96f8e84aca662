package org.anp.meta.codegen;

import static org.anp.meta.testing.WeatherFixture.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.anp.identity.json.StrictJson;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.handler.CapabilityFunction;
import org.anp.meta.handler.ProtocolHandler;
import org.anp.meta.handler.ViolationSink;
import org.anp.meta.llm.LanguageModel;
import org.anp.meta.llm.LanguageModelConfig;
import org.anp.meta.negotiator.ProtocolDocument;
import org.anp.meta.testing.ScriptedChatServer;
import org.anp.meta.testing.WeatherFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LanguageModelCodeGeneratorTest {
  static final String PROTOCOL = ProtocolDocument.parse(WeatherFixture.COUNTER).render();

  private final ScriptedChatServer server = new ScriptedChatServer();
  final List<JsonNode> served = new CopyOnWriteArrayList<>();
  final CapabilityFunction weather = req -> {
    served.add(req);
    return JsonNodeFactory.instance.objectNode().put("code", 200).put("tempC", 21.5);
  };
  private LanguageModelCodeGenerator generator;

  LanguageModelCodeGeneratorTest() throws Exception {}

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
        .provider(WeatherFixture.capabilities(), Map.of("getWeather", weather));
  }

  private static JsonNode json(String s) {
    return StrictJson.parse(s, 1 << 16);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void generatedJavaCompilesPassesTheTestCasesAndServes() throws Exception {
    server.answer(answer("source", GeneratedSources.GOOD));
    generator = builder().build();
    ProtocolHandler handler = generator.generate(PROTOCOL, ViolationSink.NONE);

    assertThat(handler).isInstanceOfSatisfying(SandboxedProtocolHandler.class, h -> assertThat(h.enabled()).isTrue());
    int testCalls = served.size();
    assertThat(testCalls).isPositive();
    JsonNode reply = StrictJson.parse(handler.handleRequest(bytes("{\"messageId\":\"m9\",\"town\":\" Oslo \"}")), 1 << 16);
    assertThat(reply).isEqualTo(json("{\"messageId\":\"m9\",\"type\":\"RESPONSE\",\"code\":200,\"tempC\":21.5}"));
    assertThat(served.get(testCalls)).isEqualTo(json("{\"town\":\"Oslo\"}"));

    ScriptedChatServer.Received asked = server.next();
    assertThat(asked.allText()).contains("AgreedProtocolHandler", "getWeather", "GeneratedHandler", "<protocol>");

    // The stored form rebuilds the same handler without the model.
    ProtocolHandler restored = generator.restore(PROTOCOL, handler.form(), ViolationSink.NONE);
    byte[] req = bytes("{\"messageId\":\"m10\",\"town\":\"Rome\"}");
    assertThat(restored.handleRequest(req)).isEqualTo(handler.handleRequest(req));
    assertThat(server.received).isEmpty();
  }

  @Test
  void codeThatFailsTheTestCasesIsNeverEnabledAndTheModelIsToldWhy() throws Exception {
    server.answer(answer("source", GeneratedSources.NO_TEMPERATURE)).answer(answer("source", GeneratedSources.GOOD));
    generator = builder().generationAttempts(2).build();
    ProtocolHandler handler = generator.generate(PROTOCOL, ViolationSink.NONE);
    assertThat(((SandboxedProtocolHandler) handler).enabled()).isTrue();
    server.next();
    assertThat(server.next().lastMessage()).contains("refused", "test cases", "tempC");

    server.answer(answer("source", GeneratedSources.NO_TEMPERATURE));
    LanguageModelCodeGenerator once = builder().generationAttempts(1).build();
    try (once) {
      assertThatThrownBy(() -> once.generate(PROTOCOL, ViolationSink.NONE))
          .isInstanceOfSatisfying(MetaProtocolException.class,
              e -> assertThat(e.code()).isEqualTo(MetaProtocolError.CODE_GENERATION_FAILED));
    }
  }

  @Test
  void sourceThatDoesNotCompileIsRefusedWithTheCompilerMessage() {
    server.answer(answer("source", "public final class AgreedProtocolHandler { int x = ; }"));
    generator = builder().generationAttempts(1).build();
    assertThatThrownBy(() -> generator.generate(PROTOCOL, ViolationSink.NONE))
        .isInstanceOfSatisfying(MetaProtocolException.class, e -> {
          assertThat(e.code()).isEqualTo(MetaProtocolError.CODE_GENERATION_FAILED);
          assertThat(e).hasMessageContaining("does not compile").hasMessageContaining("line 1");
        });
  }

  static Stream<Arguments> deniedApis() {
    return Stream.of(
        Arguments.of("process", "", "try { new ProcessBuilder(\"id\").start(); } catch (java.io.IOException e) { }",
            "java.lang.ProcessBuilder"),
        Arguments.of("file", "",
            "try { java.nio.file.Files.readString(java.nio.file.Path.of(\"/etc/hostname\")); } catch (java.io.IOException e) { }",
            "java.nio.file.Files"),
        Arguments.of("network", "", "try { new java.net.Socket(\"127.0.0.1\", 9).close(); } catch (java.io.IOException e) { }",
            "java.net.Socket"),
        Arguments.of("reflection", "", "java.lang.reflect.Method[] m = String.class.getDeclaredMethods();",
            "java.lang.Class.getDeclaredMethods"),
        Arguments.of("class loading", "", "ClassLoader cl = ClassLoader.getSystemClassLoader();",
            "java.lang.ClassLoader"),
        Arguments.of("thread", "", "new Thread(() -> { }).start();", "java.lang.Thread"),
        Arguments.of("System.exit", "", "if (request.size() > 100) { System.exit(3); }", "java.lang.System.exit"),
        Arguments.of("native", "public native int peek();", "", "native method peek"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deniedApis")
  void aClassCallingADeniedApiIsRefusedBeforeLoading(String category, String members, String body, String member) {
    server.answer(answer("source", GeneratedSources.source(members, body)));
    generator = builder().generationAttempts(1).build();
    assertThatThrownBy(() -> generator.generate(PROTOCOL, ViolationSink.NONE))
        .isInstanceOfSatisfying(MetaProtocolException.class, e -> {
          assertThat(e.code()).isEqualTo(MetaProtocolError.DENIED_API);
          assertThat(e).hasMessageContaining("refused before loading")
              .hasMessageContaining(category + ": " + member)
              .hasMessageContaining("AgreedProtocolHandler");
        });
    assertThat(served).as("nothing of the class ran").isEmpty();
  }

  @Test
  void anInfiniteLoopIsStoppedByTheTimeLimitAndDisablesTheHandler() throws Exception {
    server.answer(answer("source", GeneratedSources.LOOPS_FOR_LOOPVILLE));
    generator = builder().callTimeout(Duration.ofSeconds(3)).threads(1).build();
    ProtocolHandler handler = generator.generate(PROTOCOL, ViolationSink.NONE);
    byte[] oslo = bytes("{\"messageId\":\"m1\",\"town\":\"Oslo\"}");
    assertThat(handler.handleRequest(oslo)).isNotEmpty();

    assertThatThrownBy(() -> handler.handleRequest(bytes("{\"messageId\":\"m2\",\"town\":\"Loopville\"}")))
        .isInstanceOfSatisfying(MetaProtocolException.class, e -> {
          assertThat(e.code()).isEqualTo(MetaProtocolError.CAPABILITY_FAILED);
          assertThat(e).hasMessageContaining("time limit").hasMessageContaining("disabled");
        });
    assertThat(((SandboxedProtocolHandler) handler).enabled()).isFalse();
    assertThatThrownBy(() -> handler.handleRequest(oslo))
        .isInstanceOfSatisfying(MetaProtocolException.class, e -> assertThat(e).hasMessageContaining("disabled"));

    // The injected guard ends the loop: the single worker becomes free again.
    Instant deadline = Instant.now().plusSeconds(30);
    while (generator.activeCalls() > 0 && Instant.now().isBefore(deadline)) {
      Thread.onSpinWait();
    }
    assertThat(generator.activeCalls()).isZero();
  }

  @Test
  void aRequesterNeedsNoGeneratedCode() {
    LanguageModel model = LanguageModel.openAiCompatible(LanguageModelConfig.builder(server.baseUrl(), "m").build());
    try (LanguageModelCodeGenerator requester = LanguageModelCodeGenerator.builder(model).build()) {
      ProtocolHandler h = requester.generate(PROTOCOL, ViolationSink.NONE);
      assertThat(h.encodeRequest(json("{\"messageId\":\"m\",\"town\":\"Oslo\"}"))).isNotEmpty();
    }
    assertThat(server.received).isEmpty();
  }
}
