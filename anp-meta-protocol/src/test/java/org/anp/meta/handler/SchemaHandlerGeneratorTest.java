package org.anp.meta.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.anp.identity.json.StrictJson;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.ProtocolHash;
import org.anp.meta.negotiation.MetaCapability;
import org.anp.meta.negotiation.NegotiationConfig;
import org.anp.meta.negotiation.NegotiationEngine;
import org.anp.meta.negotiation.NegotiationEvent;
import org.anp.meta.negotiation.NegotiationState;
import org.anp.meta.negotiation.SessionCapabilities;
import org.anp.meta.negotiator.LocalCapability;
import org.anp.meta.negotiator.Proposal;
import org.anp.meta.negotiator.SchemaNegotiator;
import org.anp.meta.negotiator.Verdict;
import org.anp.meta.testing.EnginePair;
import org.junit.jupiter.api.Test;

class SchemaHandlerGeneratorTest {
  static final String CAPABILITIES = """
      {"capabilities":[{"name":"getWeather","description":"Current weather for a city",
         "requestSchema":{"type":"object","properties":{"town":{"type":"string"},"units":{"type":"string"}},
            "required":["town"]},
         "responseSchema":{"type":"object","properties":{"code":{"type":"integer"},"tempC":{"type":"number"}},
            "required":["code","tempC"]}}]}""";

  /** The agreed protocol uses the requester's name `townName`, which the capability calls `town`. */
  static final String PROTOCOL = """
      # Requirements
      Current weather for a city.

      # Data Format
      ## Request Message Format
      ```json
      {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
       "properties":{"messageId":{"type":"string"},"type":{"type":"string"},"townName":{"type":"string"}},
       "required":["messageId","townName"]}
      ```

      ## Response Message Format
      ```json
      {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
       "properties":{"messageId":{"type":"string"},"type":{"type":"string","const":"RESPONSE"},
         "code":{"type":"integer"},"tempC":{"type":"number"}},
       "required":["messageId","type","code","tempC"]}
      ```
      """;

  private final List<String> reported = new ArrayList<>();
  private final List<JsonNode> served = new ArrayList<>();
  private final List<LocalCapability> capabilities = LocalCapability.parseAll(CAPABILITIES);

  private ProtocolHandler provider(CapabilityFunction f) {
    return SchemaHandlerGenerator.forProvider(capabilities, Map.of("getWeather", f)).generate(PROTOCOL, reported::add);
  }

  private final CapabilityFunction weather = req -> {
    served.add(req);
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("code", 200).put("tempC", 21.5);
    return o;
  };

  private static JsonNode json(String s) {
    return StrictJson.parse(s, 1 << 16);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void requestFlowsThroughTheCapabilityAndBackBothWaysChecked() {
    ProtocolHandler requester = SchemaHandlerGenerator.forRequester().generate(PROTOCOL, reported::add);
    ProtocolHandler provider = provider(weather);
    assertThat(provider.protocolHash()).isEqualTo(ProtocolHash.of(PROTOCOL));

    byte[] request = requester.encodeRequest(json("{\"messageId\":\"m1\",\"type\":\"REQUEST\",\"townName\":\"Paris\"}"));
    JsonNode response = requester.decodeResponse(provider.handleRequest(request));

    assertThat(served).containsExactly(json("{\"town\":\"Paris\"}"));
    assertThat(response).isEqualTo(json("{\"messageId\":\"m1\",\"type\":\"RESPONSE\",\"code\":200,\"tempC\":21.5}"));
    assertThat(reported).isEmpty();
  }

  @Test
  void envelopeFieldsAreNeverMatchedByResemblance() {
    String caps = """
        {"capabilities":[{"name":"echo","description":"Echoes a message",
           "requestSchema":{"type":"object","properties":{"message":{"type":"string"}},"required":["message"]},
           "responseSchema":{"type":"object","properties":{"code":{"type":"integer"},"message":{"type":"string"}},
              "required":["code","message"]}}]}""";
    String protocol = """
        # Requirements
        Echo.

        ## Request Message Format
        {"messageId":"m","message":"hello"}

        ## Response Message Format
        {"messageId":"m","code":200,"message":"hello"}
        """;
    ProtocolHandler echo = SchemaHandlerGenerator.forProvider(LocalCapability.parseAll(caps),
            Map.of("echo", r -> JsonNodeFactory.instance.objectNode().put("code", 200).put("message", r.path("message").asText())))
        .generate(protocol, reported::add);
    JsonNode answer = StrictJson.parse(echo.handleRequest(bytes("{\"messageId\":\"m7\",\"message\":\"hi\"}")), 1000);
    assertThat(answer).isEqualTo(json("{\"messageId\":\"m7\",\"code\":200,\"message\":\"hi\"}"));
    assertThat(SchemaNegotiator.of(LocalCapability.parseAll(caps)).evaluate(new Proposal(Proposal.Role.PROVIDER, 1, protocol,
        Optional.empty(), Optional.empty(), Optional.empty()))).isEqualTo(Verdict.accept());

    // Without `message` in the agreed response, the capability's `message` must not land in `messageId`.
    String shorter = protocol.replace("{\"messageId\":\"m\",\"code\":200,\"message\":\"hello\"}", "{\"messageId\":\"m\",\"code\":200}");
    assertThat(shorter).isNotEqualTo(protocol);
    ProtocolHandler terse = SchemaHandlerGenerator.forProvider(LocalCapability.parseAll(caps),
            Map.of("echo", r -> JsonNodeFactory.instance.objectNode().put("code", 200).put("message", "zzz")))
        .generate(shorter, reported::add);
    assertThat(StrictJson.parse(terse.handleRequest(bytes("{\"messageId\":\"m8\",\"message\":\"hi\"}")), 1000))
        .isEqualTo(json("{\"messageId\":\"m8\",\"code\":200}"));
  }

  @Test
  void invalidRequestFromThePeerIsReportedAndThrown() {
    ProtocolHandler provider = provider(weather);
    assertThatThrownBy(() -> provider.handleRequest(bytes("{\"messageId\":\"m1\",\"townName\":7}")))
        .isInstanceOfSatisfying(MetaProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(MetaProtocolError.PROTOCOL_VIOLATION));
    assertThat(reported).singleElement().satisfies(d -> {
      assertThat(d).startsWith("# Error Description\n").contains("townName");
      assertThat(d).doesNotContain("7}");
    });
    assertThat(served).isEmpty();

    assertThatThrownBy(() -> provider.handleRequest(bytes("not json")))
        .isInstanceOf(MetaProtocolException.class);
    assertThat(reported).hasSize(2);
  }

  @Test
  void invalidResponseFromThePeerIsReported() {
    ProtocolHandler requester = SchemaHandlerGenerator.forRequester().generate(PROTOCOL, reported::add);
    assertThatThrownBy(() -> requester.decodeResponse(bytes("{\"messageId\":\"m1\",\"type\":\"RESPONSE\",\"code\":\"200\",\"tempC\":1}")))
        .isInstanceOfSatisfying(MetaProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(MetaProtocolError.PROTOCOL_VIOLATION));
    assertThat(reported).singleElement().asString().contains("code");
  }

  @Test
  void localMistakesAreNotReportedToThePeer() {
    ProtocolHandler requester = SchemaHandlerGenerator.forRequester().generate(PROTOCOL, reported::add);
    assertThatThrownBy(() -> requester.encodeRequest(json("{\"messageId\":\"m1\"}")))
        .isInstanceOfSatisfying(MetaProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(MetaProtocolError.PROTOCOL_VIOLATION));
    byte[] ok = bytes("{\"messageId\":\"m1\",\"townName\":\"Oslo\"}");
    assertThatThrownBy(() -> provider(r -> { throw new IllegalStateException("down"); }).handleRequest(ok))
        .isInstanceOfSatisfying(MetaProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(MetaProtocolError.CAPABILITY_FAILED));
    assertThatThrownBy(() -> provider(r -> json("{\"code\":200}")).handleRequest(ok))
        .isInstanceOfSatisfying(MetaProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(MetaProtocolError.CAPABILITY_FAILED));
    assertThatThrownBy(() -> requester.handleRequest(ok))
        .isInstanceOfSatisfying(MetaProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(MetaProtocolError.CAPABILITY_FAILED));
    assertThat(reported).isEmpty();
  }

  @Test
  void payloadLimitHoldsAtTheEdge() {
    ProtocolHandler requester = SchemaHandlerGenerator.forRequester().withMaxPayloadBytes(64).generate(PROTOCOL, reported::add);
    String base = "{\"messageId\":\"m\",\"type\":\"RESPONSE\",\"code\":200,\"tempC\":1}";
    String exact = base.replace("\"m\"", "\"" + "m".repeat(64 - base.length() + 1) + "\"");
    assertThat(exact).hasSize(64);
    assertThat(requester.decodeResponse(bytes(exact)).path("code").intValue()).isEqualTo(200);
    assertThatThrownBy(() -> requester.decodeResponse(bytes(exact.replace("\"m", "\"mm"))))
        .isInstanceOf(MetaProtocolException.class);
  }

  @Test
  void formRestoresTheSameHandler() {
    ProtocolHandler provider = provider(weather);
    JsonNode form = provider.form();
    assertThat(form.path("kind").asText()).isEqualTo(SchemaHandlerGenerator.FORM_KIND);
    assertThat(form.path("capability").asText()).isEqualTo("getWeather");
    ProtocolHandler restored = SchemaHandlerGenerator.forProvider(capabilities, Map.of("getWeather", weather))
        .restore(PROTOCOL, form, reported::add);
    byte[] req = bytes("{\"messageId\":\"m2\",\"townName\":\"Rome\"}");
    assertThat(restored.handleRequest(req)).isEqualTo(provider.handleRequest(req));
    assertThatThrownBy(() -> SchemaHandlerGenerator.forRequester().restore(PROTOCOL, form, reported::add))
        .isInstanceOfSatisfying(MetaProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(MetaProtocolError.INVALID_PROTOCOL_DOCUMENT));
    assertThatThrownBy(() -> SchemaHandlerGenerator.forRequester().restore(PROTOCOL, json("{\"kind\":\"java\"}"), reported::add))
        .isInstanceOf(MetaProtocolException.class);
  }

  @Test
  void protocolsWithoutUsableSchemasGetNoHandler() {
    assertThatThrownBy(() -> SchemaHandlerGenerator.forRequester().generate("# Requirements\nWeather.\n", ViolationSink.NONE))
        .isInstanceOfSatisfying(MetaProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(MetaProtocolError.INVALID_PROTOCOL_DOCUMENT));
    String badSchema = PROTOCOL.replace("\"type\":\"object\",\n \"properties\":{\"messageId\":{\"type\":\"string\"},\"type\":{\"type\":\"string\"},\"townName\"",
        "\"type\":\"object\",\n \"properties\":{\"messageId\":{\"type\":7},\"type\":{\"type\":\"string\"},\"townName\"");
    assertThat(badSchema).isNotEqualTo(PROTOCOL);
    assertThatThrownBy(() -> SchemaHandlerGenerator.forRequester().generate(badSchema, ViolationSink.NONE))
        .isInstanceOfSatisfying(MetaProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(MetaProtocolError.INVALID_PROTOCOL_DOCUMENT));
  }

  @Test
  void remoteReferencesAreNeverFetched() {
    String remote = PROTOCOL.replace("\"townName\":{\"type\":\"string\"}", "\"townName\":{\"$ref\":\"http://127.0.0.1:9/town.json\"}");
    assertThat(remote).isNotEqualTo(PROTOCOL);
    assertThatThrownBy(() -> SchemaHandlerGenerator.forRequester().generate(remote, reported::add))
        .isInstanceOfSatisfying(MetaProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(MetaProtocolError.INVALID_PROTOCOL_DOCUMENT));
    String local = PROTOCOL.replace("\"townName\":{\"type\":\"string\"}", "\"townName\":{\"$ref\":\"#/$defs/town\"}")
        .replace("\"required\":[\"messageId\",\"townName\"]}", "\"required\":[\"messageId\",\"townName\"],\"$defs\":{\"town\":{\"type\":\"string\"}}}");
    assertThat(local).contains("\"$ref\":\"#/$defs/town\"", "\"$defs\":{\"town\"");
    ProtocolHandler h = SchemaHandlerGenerator.forRequester().generate(local, reported::add);
    assertThat(h.encodeRequest(json("{\"messageId\":\"m\",\"townName\":\"x\"}"))).isNotEmpty();
    assertThatThrownBy(() -> h.encodeRequest(json("{\"messageId\":\"m\",\"townName\":1}")))
        .isInstanceOf(MetaProtocolException.class);
  }

  @Test
  void violationSeenByTheHandlerOpensAFixErrorNegotiation() {
    SessionCapabilities all = new SessionCapabilities("1.0", EnumSet.allOf(MetaCapability.class));
    SchemaNegotiator providerNegotiator = SchemaNegotiator.of(capabilities);
    EnginePair p = new EnginePair(
        NegotiationEngine.requester(NegotiationConfig.builder(new AcceptingNegotiator(PROTOCOL)).capabilities(all).build(), PROTOCOL),
        NegotiationEngine.provider(NegotiationConfig.builder(new AcceptingNegotiator("")).capabilities(all).build()))
        .run();
    assertThat(p.requester.state()).isEqualTo(NegotiationState.READY);
    ProtocolHandler requester = SchemaHandlerGenerator.forRequester()
        .generate(p.requester.agreedProtocol().orElseThrow(), d -> p.feed(true, p.requester.reportViolation(d)));

    assertThatThrownBy(() -> requester.decodeResponse(bytes("{\"messageId\":\"m1\"}")))
        .isInstanceOf(MetaProtocolException.class);
    // The provider's schema negotiator denies: its handler follows the schemas.
    assertThat(p.requesterEvents).anyMatch(e -> e instanceof NegotiationEvent.FixRejected);
    assertThat(providerNegotiator.evaluateFix(PROTOCOL, "x").ours()).isFalse();
  }

  /** Accepts everything; drafts a fixed text. */
  private record AcceptingNegotiator(String draft) implements org.anp.meta.negotiator.Negotiator {
    @Override
    public String draft(String need) {
      return draft;
    }

    @Override
    public Verdict evaluate(Proposal proposal) {
      return Verdict.accept();
    }

    @Override
    public Optional<String> draftTestCases(String protocol) {
      return Optional.empty();
    }
  }
}
