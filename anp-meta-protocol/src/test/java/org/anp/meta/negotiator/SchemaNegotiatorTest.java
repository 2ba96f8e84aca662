package org.anp.meta.negotiator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.negotiation.NegotiationConfig;
import org.anp.meta.negotiation.NegotiationEngine;
import org.anp.meta.negotiation.NegotiationState;
import org.anp.meta.negotiator.Proposal.Role;
import org.anp.meta.testing.EnginePair;
import org.anp.meta.testing.NegotiationCorpus;
import org.anp.meta.wire.ProtocolNegotiation;
import org.junit.jupiter.api.Test;

class SchemaNegotiatorTest {
  static final String CAPABILITIES = """
      {"capabilities":[
        {"name":"getStock","description":"Stock level of a product",
         "requestSchema":{"type":"object","properties":{"sku":{"type":"string"}},"required":["sku"]},
         "responseSchema":{"type":"object","properties":{"count":{"type":"integer"}},"required":["count"]}},
        {"name":"getWeather","description":"Current weather for a city",
         "requestSchema":{"type":"object","properties":{
            "messageId":{"type":"string"},"city":{"type":"string"},"units":{"type":"string"}},
            "required":["messageId","city"]},
         "responseSchema":{"type":"object","properties":{
            "messageId":{"type":"string"},"code":{"type":"integer"},"tempC":{"type":"number"},
            "humidity":{"type":"number"}},"required":["messageId","code","tempC"]}}
      ]}""";

  static final SchemaNegotiator PROVIDER = SchemaNegotiator.of(LocalCapability.parseAll(CAPABILITIES));

  static String doc(String request, String response) {
    return "# Requirements\nCurrent weather for a city.\n\n# Data Format\n## Request Message Format\n```json\n"
        + request + "\n```\n\n## Response Message Format\n```json\n" + response + "\n```\n";
  }

  static final String NEED = doc(
      """
      {"type":"object","properties":{"messageId":{"type":"string"},"cityName":{"type":"string"},
       "country":{"type":"string"}},"required":["messageId","cityName","country"]}""",
      """
      {"type":"object","properties":{"messageId":{"type":"string"},"tempC":{"type":"number"},
       "humidity":{"type":"number"},"windSpeed":{"type":"number"}},"required":["messageId","tempC","humidity"]}""");

  private static Proposal toProvider(String candidate) {
    return new Proposal(Role.PROVIDER, 1, candidate, Optional.empty(), Optional.empty(), Optional.empty());
  }

  @Test
  void acceptsACandidateItServesAsItIs() {
    LocalCapability weather = PROVIDER.capabilities().get(1);
    String exact = doc(weather.requestSchema().toString(), weather.responseSchema().toString());
    assertThat(PROVIDER.evaluate(toProvider(exact))).isEqualTo(Verdict.accept());
  }

  @Test
  void counterProposesRenamesDropsAndOptionalFields() {
    Verdict v = PROVIDER.evaluate(toProvider(PROVIDER.draft(NEED)));
    assertThat(v).isInstanceOf(Verdict.Counter.class);
    Verdict.Counter c = (Verdict.Counter) v;
    assertThat(c.summary())
        .contains("`getWeather`")
        .contains("renamed request field `cityName` to `city`")
        .contains("dropped request field `country`")
        .contains("made response field `humidity` optional")
        .contains("dropped response field `windSpeed`");

    ProtocolDocument counter = ProtocolDocument.parse(c.candidate());
    JsonNode request = counter.requestSchema().orElseThrow();
    assertThat(request.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(request.path("properties").has("city")).isTrue();
    assertThat(request.path("properties").has("country")).isFalse();
    assertThat(request.path("required").toString()).isEqualTo("[\"messageId\",\"city\"]");
    JsonNode response = counter.responseSchema().orElseThrow();
    assertThat(response.path("required").toString()).isEqualTo("[\"messageId\",\"tempC\"]");
    assertThat(counter.requirements()).isEqualTo("Current weather for a city.");
    // The counter-proposal is a fixed point: offered again, it is accepted.
    assertThat(PROVIDER.evaluate(toProvider(c.candidate()))).isEqualTo(Verdict.accept());
  }

  @Test
  void twoAgentsAgreeInRoundTwo() {
    SchemaNegotiator requester = SchemaNegotiator.of(List.of());
    EnginePair p =
        new EnginePair(
            NegotiationEngine.requester(NegotiationConfig.builder(requester).build(), NEED),
            NegotiationEngine.provider(NegotiationConfig.builder(PROVIDER).build()))
            .run();
    assertThat(p.requester.state()).isEqualTo(NegotiationState.READY);
    assertThat(p.provider.state()).isEqualTo(NegotiationState.READY);
    assertThat(p.sentBy(true).get(1)).isInstanceOfSatisfying(ProtocolNegotiation.class,
        pn -> assertThat(pn.sequenceId()).isEqualTo(3));
    assertThat(ProtocolDocument.parse(p.requester.agreedProtocol().orElseThrow()).requestSchema().orElseThrow()
        .path("properties").has("city")).isTrue();
  }

  @Test
  void requesterRefusesACounterThatDropsWhatItNeeds() {
    String needWind = NEED.replace("\"required\":[\"messageId\",\"tempC\",\"humidity\"]",
        "\"required\":[\"messageId\",\"tempC\",\"windSpeed\"]");
    Verdict.Counter counter = (Verdict.Counter) PROVIDER.evaluate(toProvider(PROVIDER.draft(needWind)));
    Verdict v = SchemaNegotiator.of(List.of()).evaluate(
        new Proposal(Role.REQUESTER, 2, counter.candidate(), Optional.of(counter.summary()),
            Optional.of(needWind), Optional.of(needWind)));
    assertThat(v).isInstanceOfSatisfying(Verdict.Reject.class,
        r -> assertThat(r.reason()).contains("needs response field `windSpeed`"));
  }

  @Test
  void requesterRefusesWhenItCannotSupplyARequiredField() {
    String candidate = doc(
        "{\"type\":\"object\",\"properties\":{\"postcode\":{\"type\":\"string\"}},\"required\":[\"postcode\"]}",
        "{\"type\":\"object\",\"properties\":{\"tempC\":{\"type\":\"number\"}},\"required\":[\"tempC\"]}");
    Verdict v = SchemaNegotiator.of(List.of()).evaluate(
        new Proposal(Role.REQUESTER, 2, candidate, Optional.empty(), Optional.empty(), Optional.of(NEED)));
    assertThat(v).isInstanceOfSatisfying(Verdict.Reject.class,
        r -> assertThat(r.reason()).contains("cannot supply required request field `postcode`"));
  }

  @Test
  void refusesWhatNoCapabilityServes() {
    String stocks = doc(
        "{\"type\":\"object\",\"properties\":{\"ticker\":{\"type\":\"string\"}},\"required\":[\"ticker\"]}",
        "{\"type\":\"object\",\"properties\":{\"price\":{\"type\":\"number\"}},\"required\":[\"price\"]}");
    assertThat(PROVIDER.evaluate(toProvider(stocks))).isInstanceOfSatisfying(Verdict.Reject.class,
        r -> assertThat(r.reason()).contains("getStock, getWeather"));
    // Matching requests do not help when no required response field can be returned.
    String noAnswer = doc(
        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}",
        "{\"type\":\"object\",\"properties\":{\"pollen\":{\"type\":\"number\"}},\"required\":[\"pollen\"]}");
    assertThat(PROVIDER.evaluate(toProvider(noAnswer))).isInstanceOfSatisfying(Verdict.Reject.class,
        r -> assertThat(r.reason()).contains("[pollen]"));
    assertThat(SchemaNegotiator.of(List.of()).evaluate(toProvider(noAnswer))).isInstanceOf(Verdict.Reject.class);
  }

  @Test
  void candidateWithoutSchemasGetsTheMatchingCapabilitysFormat() {
    Verdict v = PROVIDER.evaluate(toProvider("# Requirements\nI need the current weather in Lyon.\n"));
    assertThat(v).isInstanceOfSatisfying(Verdict.Counter.class, c -> {
      ProtocolDocument d = ProtocolDocument.parse(c.candidate());
      assertThat(d.requestSchema().orElseThrow().path("properties").has("city")).isTrue();
      assertThat(d.responseSchema().orElseThrow().path("properties").has("tempC")).isTrue();
    });
    assertThat(PROVIDER.evaluate(toProvider("# Requirements\nBook a table for two.\n")))
        .isInstanceOf(Verdict.Reject.class);
  }

  @Test
  void referenceSdkCandidateWithExampleMessagesIsUnderstood() {
    var first = (ProtocolNegotiation) org.anp.meta.wire.Frame.decode(NegotiationCorpus.wire().get(0).bytes(), 1 << 20)
        .metaMessage(org.anp.meta.wire.WireLimits.DEFAULT);
    ProtocolDocument d = ProtocolDocument.parse(first.candidateProtocols());
    assertThat(d.requestSchema().orElseThrow().path("properties").path("city").path("type").asText()).isEqualTo("string");
    assertThat(d.responseSchema()).isEmpty();
    Verdict v = PROVIDER.evaluate(toProvider(first.candidateProtocols()));
    assertThat(v).isInstanceOfSatisfying(Verdict.Counter.class,
        c -> assertThat(c.summary()).contains("added the response format of `getWeather`"));

    var counter = (ProtocolNegotiation) org.anp.meta.wire.Frame.decode(NegotiationCorpus.wire().get(1).bytes(), 1 << 20)
        .metaMessage(org.anp.meta.wire.WireLimits.DEFAULT);
    JsonNode response = ProtocolDocument.parse(counter.candidateProtocols()).responseSchema().orElseThrow();
    assertThat(response.path("properties").path("tempC").path("type").asText()).isEqualTo("number");
    assertThat(response.path("properties").path("code").path("type").asText()).isEqualTo("integer");
  }

  @Test
  void renderingIsDeterministicAndReadsBack() {
    ProtocolDocument d = ProtocolDocument.parse(PROVIDER.draft(NEED));
    assertThat(ProtocolDocument.parse(d.render())).isEqualTo(d);
    assertThat(d.render()).isEqualTo(ProtocolDocument.parse(NEED).render());
    assertThat(d.render()).startsWith("# Requirements\n").contains("# Protocol Flow\n", "# Error Handling\n", "```json\n");
  }

  @Test
  void sectionsOutsideTheSkeletonSurviveACounterProposal() {
    String withExtras = NEED.replace("# Data Format\n", "# Data Format\nDates are ISO 8601.\n\n")
        + "\n# Timeout Handling\nA request without an answer in 15 s has failed.\n## Retries\nAt most 2.\n"
        + "\n# Error Handling\n## Response Codes\n- 404: unknown city\n";
    Verdict.Counter c = (Verdict.Counter) PROVIDER.evaluate(toProvider(withExtras));
    assertThat(c.candidate())
        .contains("# Data Format\nDates are ISO 8601.\n")
        .contains("# Timeout Handling\nA request without an answer in 15 s has failed.\n## Retries\nAt most 2.\n")
        .contains("# Error Handling\n## Response Codes\n- 404: unknown city\n");
    ProtocolDocument d = ProtocolDocument.parse(c.candidate());
    assertThat(d.render()).isEqualTo(c.candidate());
    assertThat(d.responseSchema().orElseThrow().path("properties").has("tempC")).isTrue();
  }

  @Test
  void documentsWithoutRequirementsAndBadCapabilitiesAreRefused() {
    ProtocolDocument headed = ProtocolDocument.of("Weather.\n# not a section", "", Optional.empty(), Optional.empty(), "");
    assertThat(headed.render()).contains("Weather.\n\\# not a section\n");
    assertThat(ProtocolDocument.parse(headed.render())).isEqualTo(headed);
    ProtocolDocument titled = ProtocolDocument.parse("# Weather Protocol\n## Request Message Format\n{\"city\":\"x\"}\n");
    assertThat(titled.requirements()).isEqualTo("Weather Protocol");
    assertThat(titled.requestSchema()).isPresent();
    assertThatThrownBy(() -> PROVIDER.draft("  \n\n"))
        .isInstanceOfSatisfying(MetaProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(MetaProtocolError.INVALID_PROTOCOL_DOCUMENT));
    for (String bad : List.of("{}", "{\"capabilities\":[]}", "{\"capabilities\":[{\"name\":1}]}",
        "{\"capabilities\":[{\"name\":\"x\",\"requestSchema\":{\"type\":\"object\"},\"responseSchema\":{}}]}", "not json")) {
      assertThatThrownBy(() -> LocalCapability.parseAll(bad))
          .as(bad)
          .isInstanceOfSatisfying(MetaProtocolException.class,
              e -> assertThat(e.code()).isEqualTo(MetaProtocolError.INVALID_PROTOCOL_DOCUMENT));
    }
  }

  @Test
  void answersQuestionsWithItsCapabilities() {
    assertThat(PROVIDER.answer("what can you do?")).contains("getWeather: Current weather for a city");
  }
}
