package org.anp.meta.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.anp.identity.json.StrictJson;
import org.anp.transport.p1.RpcException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The examples of the reference SDK's {@code anp/unittest/meta_negotiation/test_models.py},
 * ported: the spec examples round trip, the fixed fields are filled and enforced, wrong types and
 * forbidden values are refused, unknown members survive.
 */
class MetaNegotiationModelsTest {

  private static JsonNode json(String text) {
    return StrictJson.parse(text, 1 << 16);
  }

  private static void refused(Runnable parse) {
    assertThatThrownBy(parse::run)
        .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.error().code()).isEqualTo(-32602));
  }

  private static ObjectNode with(ObjectNode base, Consumer<ObjectNode> change) {
    ObjectNode copy = base.deepCopy();
    change.accept(copy);
    return copy;
  }

  @Nested
  class MetaProtocolInterfaceTest {
    @Test
    void specExampleRoundTrips() {
      MetaProtocolInterface parsed = MetaProtocolInterface.parse(Examples.iface());
      assertThat(parsed.securityProfiles()).hasValue(List.of("transport-protected"));
      assertThat(parsed.toJson()).isEqualTo(Examples.iface());
    }

    @Test
    void minimalDeclarationFillsFixedFields() {
      assertThat(MetaProtocolInterface.of("https://example.com/anp").toJson())
          .isEqualTo(json("{\"type\":\"MetaProtocolInterface\",\"profile\":\"anp.meta.negotiation.v1\","
              + "\"binding\":\"jsonrpc-2.0\",\"url\":\"https://example.com/anp\",\"methods\":[\"anp.negotiate\"]}"));
    }

    @Test
    void acceptsASingleSecurityReference() {
      ObjectNode value = with(Examples.iface(), o -> o.put("security", "didwba_sc"));
      MetaProtocolInterface parsed = MetaProtocolInterface.parse(value);
      assertThat(parsed.security()).hasValue(List.of("didwba_sc"));
      assertThat(parsed.securityIsList()).isFalse();
      assertThat(parsed.toJson()).isEqualTo(value);
    }

    @Test
    void rejectsWrongFixedValues() {
      refused(() -> MetaProtocolInterface.parse(with(Examples.iface(), o -> o.put("type", "StructuredInterface"))));
      refused(() -> MetaProtocolInterface.parse(with(Examples.iface(), o -> o.put("profile", "anp.meta.negotiation.v2"))));
      refused(() -> MetaProtocolInterface.parse(
          with(Examples.iface(), o -> o.putArray("methods").add("anp.get_capabilities"))));
    }

    @Test
    void requiresUrl() {
      refused(() -> MetaProtocolInterface.parse(with(Examples.iface(), o -> o.remove("url"))));
    }

    @Test
    void keepsExtensionMembers() {
      ObjectNode value = with(Examples.iface(), o -> o.putObject("x-vendor").put("region", "cn"));
      assertThat(MetaProtocolInterface.parse(value).toJson()).isEqualTo(value);
    }

    @Test
    void anyBindingIsReadButOnlyJsonRpcIsUsable() {
      MetaProtocolInterface grpc = MetaProtocolInterface.parse(with(Examples.iface(), o -> o.put("binding", "grpc")));
      assertThat(grpc.usableBinding()).isFalse();
      assertThat(MetaProtocolInterface.parse(Examples.iface()).usableBinding()).isTrue();
    }
  }

  @Nested
  class NegotiateRequestBodyTest {
    @Test
    void specExampleRoundTrips() {
      NegotiateRequestBody parsed = NegotiateRequestBody.parse(Examples.body());
      assertThat(parsed.negotiationId()).hasValue("neg-20260627-001");
      assertThat(parsed.intent().intentTags()).hasValue(List.of("hotel.booking", "reservation.create"));
      assertThat(parsed.constraints().orElseThrow().maxLatencyMs()).hasValue(3000L);
      assertThat(parsed.callerCapabilities().orElseThrow().supportedSecurityProfiles())
          .hasValue(List.of("transport-protected", "direct-e2ee"));
      assertThat(parsed.toJson()).isEqualTo(Examples.body());
    }

    @Test
    void negotiationIdStaysSnakeCaseOnTheWire() {
      NegotiateRequestBody body =
          NegotiateRequestBody.builder(Intent.parse(json("{\"name\":\"book_hotel_room\"}"), "intent"))
              .negotiationId("neg-1")
              .build();
      assertThat(body.toJson())
          .isEqualTo(json("{\"negotiation_id\":\"neg-1\",\"intent\":{\"name\":\"book_hotel_room\"}}"));
    }

    @Test
    void aCamelCaseNegotiationIdInARequestIsAnUnknownMember() {
      ObjectNode value = with(Examples.body(), o -> {
        o.remove("negotiation_id");
        o.put("negotiationId", "neg-x");
      });
      NegotiateRequestBody parsed = NegotiateRequestBody.parse(value);
      assertThat(parsed.negotiationId()).isEmpty();
      assertThat(parsed.extensions().get("negotiationId").textValue()).isEqualTo("neg-x");
      assertThat(parsed.toJson()).isEqualTo(value);
    }

    @Test
    void intentIsRequired() {
      refused(() -> NegotiateRequestBody.parse(with(Examples.body(), o -> o.remove("intent"))));
      refused(() -> NegotiateRequestBody.parse(with(Examples.body(), o -> o.putNull("intent"))));
    }

    @Test
    void modeDefaultsWhenOmitted() {
      assertThat(NegotiateRequestBody.parse(with(Examples.body(), o -> o.remove("mode"))).effectiveMode())
          .isEqualTo(MetaNegotiation.MODE_STRUCTURED_SELECTION);
    }

    @Test
    void anUnknownModeIsLeftForTheServerToReject() {
      assertThat(NegotiateRequestBody.parse(with(Examples.body(), o -> o.put("mode", "consensus_vote"))).effectiveMode())
          .isEqualTo("consensus_vote");
    }

    @Test
    void candidateProtocolsAcceptUrisAndArtifacts() {
      ObjectNode value = with(Examples.body(), o -> {
        var list = o.putArray("candidateProtocols");
        list.add("https://example.com/protocols/x/1.0");
        list.addObject().put("protocol_id", "example.product-info.v1").put("version", "1.0");
      });
      assertThat(NegotiateRequestBody.parse(value).toJson()).isEqualTo(value);
      refused(() -> NegotiateRequestBody.parse(with(Examples.body(), o -> o.putArray("candidateProtocols").add(7))));
    }

    @Test
    void rejectsWrongTypes() {
      refused(() -> NegotiateRequestBody.parse(with(Examples.body(), o -> ((ObjectNode) o.get("constraints")).put("maxLatencyMs", "3000"))));
      refused(() -> NegotiateRequestBody.parse(with(Examples.body(), o -> ((ObjectNode) o.get("constraints")).put("maxLatencyMs", -1))));
      refused(() -> NegotiateRequestBody.parse(with(Examples.body(), o -> ((ObjectNode) o.get("constraints")).put("maxLatencyMs", 3000.0))));
      refused(() -> NegotiateRequestBody.parse(with(Examples.body(), o -> ((ObjectNode) o.get("constraints")).put("maxLatencyMs", true))));
      refused(() -> NegotiateRequestBody.parse(with(Examples.body(), o -> ((ObjectNode) o.get("constraints")).put("requiresHumanAuthorization", "yes"))));
      refused(() -> NegotiateRequestBody.parse(with(Examples.body(), o -> ((ObjectNode) o.get("intent")).put("intentTags", "hotel.booking"))));
      refused(() -> NegotiateRequestBody.parse(with(Examples.body(), o -> {
        var list = ((ObjectNode) o.get("callerCapabilities")).putArray("supportedProfiles");
        list.add(1);
        list.add(2);
      })));
      refused(() -> NegotiateRequestBody.parse(with(Examples.body(), o -> o.put("negotiation_id", 1))));
    }

    @Test
    void explicitNullsAreReadAsAbsentAndNotWritten() {
      ObjectNode value = with(Examples.body(), o -> o.putNull("mode"));
      NegotiateRequestBody parsed = NegotiateRequestBody.parse(value);
      assertThat(parsed.mode()).isEmpty();
      assertThat(parsed.toJson().has("mode")).isFalse();
    }

    @Test
    void unknownMembersSurviveAtEveryLevel() {
      ObjectNode value = with(Examples.body(), o -> {
        o.putObject("x-vendor").put("region", "cn");
        ((ObjectNode) o.get("intent")).put("x-hint", 1);
        ((ObjectNode) o.get("constraints")).put("x-budget", "low");
        ((ObjectNode) o.get("callerCapabilities")).putArray("x-more").add("a");
      });
      assertThat(NegotiateRequestBody.parse(value).toJson()).isEqualTo(value);
    }
  }

  @Nested
  class NegotiationResultTest {
    @Test
    void specExampleRoundTrips() {
      NegotiationResult parsed = NegotiationResult.parse(Examples.result());
      assertThat(parsed.selected().orElseThrow().securityProfile()).hasValue("transport-protected");
      assertThat(parsed.execution().orElseThrow().timeoutMs()).hasValue(3000L);
      assertThat(parsed.negotiationDigest()).hasValue("sha-256:BASE64URL_DIGEST");
      assertThat(parsed.toJson()).isEqualTo(Examples.result());
    }

    @Test
    void acceptedRequiresSelected() {
      refused(() -> NegotiationResult.parse(with(Examples.result(), o -> o.remove("selected"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rejected", "needs_more_information"})
    void otherStatusesNeedNoSelection(String status) {
      JsonNode value = json("{\"negotiationId\":\"neg-1\",\"status\":\"" + status + "\",\"reason\":\"no slot\"}");
      assertThat(NegotiationResult.parse(value).toJson()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ok", "Accepted", "ACCEPTED"})
    void rejectsUnknownStatus(String status) {
      refused(() -> NegotiationResult.parse(with(Examples.result(), o -> o.put("status", status))));
    }

    @Test
    void requiresNegotiationId() {
      refused(() -> NegotiationResult.parse(with(Examples.result(), o -> o.remove("negotiationId"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-06-27", "2026-06-27T12:10:05", "tomorrow", "2026-06-27t12:10:05z", "2026-06-27 12:10:05Z"})
    void rejectsBadValidUntil(String validUntil) {
      refused(() -> NegotiationResult.parse(with(Examples.result(), o -> o.put("validUntil", validUntil))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-06-27T12:10:05Z", "2026-06-27T20:10:05.123+08:00", "2026-06-27T20:10:05+0800"})
    void acceptsOffsetForms(String validUntil) {
      NegotiationResult r = NegotiationResult.parse(with(Examples.result(), o -> o.put("validUntil", validUntil)));
      assertThat(r.validUntilInstant().orElseThrow().getEpochSecond()).isEqualTo(Instant.parse("2026-06-27T12:10:05Z").getEpochSecond());
    }

    @Test
    void isExpired() {
      NegotiationResult result = NegotiationResult.parse(Examples.result());
      assertThat(result.isExpired(Instant.parse("2026-06-27T12:10:04Z"))).isFalse();
      assertThat(result.isExpired(Instant.parse("2026-06-27T12:10:05Z"))).isTrue();
    }

    @Test
    void withoutValidUntilNeverExpires() {
      NegotiationResult result = NegotiationResult.parse(with(Examples.result(), o -> o.remove("validUntil")));
      assertThat(result.isExpired(Instant.parse("2999-01-01T00:00:00Z"))).isFalse();
    }

    @Test
    void builtInCodeSerializesWithSpecNames() {
      NegotiationResult result = NegotiationResult.builder("neg-1", NegotiationStatus.ACCEPTED)
          .selected(SelectedPath.of("interface.booking.structured.v1", "direct-e2ee"))
          .build();
      assertThat(result.toJson()).isEqualTo(json("{\"negotiationId\":\"neg-1\",\"status\":\"accepted\","
          + "\"selected\":{\"interface\":\"interface.booking.structured.v1\",\"securityProfile\":\"direct-e2ee\"}}"));
      assertThatThrownBy(() -> NegotiationResult.builder("neg-2", NegotiationStatus.ACCEPTED).build())
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptySelectionParsesButIsNotUsable() {
      NegotiationResult r = NegotiationResult.parse(with(Examples.result(), o -> o.putObject("selected")));
      assertThat(r.selected().orElseThrow().usable()).isFalse();
      assertThat(NegotiationResult.parse(Examples.result()).selected().orElseThrow().usable()).isTrue();
    }

    @Test
    void protocolArtifactMustBeAString() {
      refused(() -> NegotiationResult.parse(with(Examples.result(), o ->
          ((ObjectNode) o.get("selected")).putObject("protocolArtifact").put("digest", "x"))));
      refused(() -> NegotiationResult.parse(with(Examples.result(), o ->
          ((ObjectNode) o.get("execution")).put("timeoutMs", "3000"))));
      refused(() -> NegotiationResult.parse(with(Examples.result(), o -> o.putArray("alternatives").add("x"))));
    }

    @Test
    void unknownMembersSurvive() {
      ObjectNode value = with(Examples.result(), o -> {
        o.putObject("x-vendor").put("region", "cn");
        ((ObjectNode) o.get("selected")).put("x-route", "eu");
        o.putArray("alternatives").addObject().put("interface", "interface.conversation.nl.v1");
      });
      assertThat(NegotiationResult.parse(value).toJson()).isEqualTo(value);
      assertThat(NegotiationResult.parse(JsonNodeFactory.instance.objectNode()
          .put("negotiationId", "n").put("status", "rejected").put("negotiation_id", "snake")).extensions().has("negotiation_id")).isTrue();
    }
  }
}
