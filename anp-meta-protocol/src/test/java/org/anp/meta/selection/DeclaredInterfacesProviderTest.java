package org.anp.meta.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.anp.identity.json.StrictJson;
import org.anp.transport.p1.RpcException;
import org.junit.jupiter.api.Test;

/** The default provider's rules, one per test, on the hotel agent's declarations. */
class DeclaredInterfacesProviderTest {
  private static final Instant NOW = Instant.parse("2026-06-27T12:00:05Z");
  private final DeclaredInterfacesProvider provider = HotelAgent.provider();

  private NegotiationResult decide(Consumer<ObjectNode> change, Optional<String> caller) {
    ObjectNode body = Examples.body();
    change.accept(body);
    return provider.decide(new SelectionRequest(NegotiateRequestBody.parse(body), "neg-1", caller, NOW));
  }

  private NegotiationResult decide(Consumer<ObjectNode> change) {
    return decide(change, Optional.of("did:web:caller.test"));
  }

  private void refusedWith(int code, Consumer<ObjectNode> change) {
    assertThatThrownBy(() -> decide(change))
        .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.error().code()).isEqualTo(code));
  }

  private static ObjectNode constraints(ObjectNode body) {
    return (ObjectNode) body.get("constraints");
  }

  @Test
  void theSpecExampleSelectsTheStructuredBookingInterface() {
    NegotiationResult r = decide(b -> { });
    assertThat(r.status()).isEqualTo(NegotiationStatus.ACCEPTED);
    SelectedPath s = r.selected().orElseThrow();
    assertThat(s.capability()).hasValue("cap.hotel.booking");
    assertThat(s.interfaceId()).hasValue(HotelAgent.BOOKING);
    assertThat(s.protocol()).hasValue("openrpc");
    assertThat(s.profile()).hasValue("anp.rpc.v1");
    assertThat(s.securityProfile()).hasValue("transport-protected");
    assertThat(s.contentType()).hasValue("application/json");
    assertThat(r.execution().orElseThrow().toJson()).isEqualTo(StrictJson.parse(
        "{\"mode\":\"direct_structured_call\",\"requiresHumanAuthorization\":true,\"timeoutMs\":3000}", 1024));
    assertThat(r.schemas().orElseThrow().requestSchema()).hasValue("https://grand-hotel.com/schemas/create-booking-request.schema.json");
    assertThat(r.validUntil()).hasValue("2026-06-27T12:10:05Z");
    assertThat(r.alternatives().orElseThrow()).extracting(a -> a.get("interface").textValue()).containsExactly(HotelAgent.CONVERSATION);
  }

  @Test
  void decisionsAreDeterministicAndTheDigestCoversTheResult() {
    NegotiationResult a = decide(b -> { });
    NegotiationResult b = decide(x -> { });
    assertThat(a.toJson()).isEqualTo(b.toJson());
    ObjectNode without = a.toJson();
    without.remove("negotiationDigest");
    assertThat(a.negotiationDigest()).hasValue(DeclaredInterfacesProvider.digest(without));
    assertThat(a.negotiationDigest().orElseThrow()).startsWith("sha-256:").hasSize("sha-256:".length() + 43);
    NegotiationResult other = decide(x -> x.putArray("candidateInterfaceRefs").add(HotelAgent.CONVERSATION));
    assertThat(other.negotiationDigest()).isNotEqualTo(a.negotiationDigest());
  }

  @Test
  void preferencesAndRefsSteerTheChoice() {
    NegotiationResult nl = decide(b -> constraints(b).putArray("preferredInterfaceTypes").add("NaturalLanguageInterface"));
    assertThat(nl.selected().orElseThrow().interfaceId()).hasValue(HotelAgent.CONVERSATION);
    assertThat(nl.selected().orElseThrow().contentType()).hasValue("text/plain");
    assertThat(nl.execution().orElseThrow().mode()).hasValue("natural_language");
    NegotiationResult refs = decide(b -> b.putArray("candidateInterfaceRefs").add(HotelAgent.CONVERSATION));
    assertThat(refs.selected().orElseThrow().interfaceId()).hasValue(HotelAgent.CONVERSATION);
  }

  @Test
  void anIntentWithoutTagsNameOrCapabilitiesNeedsMoreInformation() {
    NegotiationResult r = decide(b -> {
      b.remove("requiredCapabilities");
      b.putObject("intent").put("description", "something nice");
    });
    assertThat(r.status()).isEqualTo(NegotiationStatus.NEEDS_MORE_INFORMATION);
    assertThat(r.selected()).isEmpty();
    assertThat(r.reason().orElseThrow()).contains("intentTags");
    assertThat(r.negotiationId()).isEqualTo("neg-1");
  }

  @Test
  void anIntentFittingSeveralCapabilitiesNeedsMoreInformation() {
    NegotiationResult r = decide(b -> {
      b.remove("requiredCapabilities");
      b.putObject("intent").putArray("intentTags").add("hotel.info");
    });
    assertThat(r.status()).isEqualTo(NegotiationStatus.NEEDS_MORE_INFORMATION);
    assertThat(r.alternatives().orElseThrow()).extracting(a -> a.get("capability").textValue())
        .containsExactly("cap.hotel.info", "cap.hotel.reviews");
    NegotiationResult byTags = decide(b -> {
      b.remove("requiredCapabilities");
      b.putObject("intent").putArray("intentTags").add("hotel.info").add("hotel.facilities");
    });
    assertThat(byTags.selected().orElseThrow().capability()).hasValue("cap.hotel.info");
  }

  @Test
  void whenTheCallersConstraintsExcludeEveryInterfaceTheResultIsRejected() {
    NegotiationResult r = decide(b -> {
      var caller = (ObjectNode) b.get("callerCapabilities");
      caller.putArray("supportedProfiles").add("anp.core.binding.v1").add("anp.direct.base.v1");
      caller.putArray("supportedContentTypes").add("application/json");
    });
    assertThat(r.status()).isEqualTo(NegotiationStatus.REJECTED);
    assertThat(r.alternatives().orElseThrow()).hasSize(2);
    assertThat(r.alternatives().orElseThrow().get(0).get("note").textValue()).contains("anp.rpc.v1");
    assertThat(r.alternatives().orElseThrow().get(1).get("note").textValue()).contains("content type");
    NegotiationResult noNl = decide(b -> {
      constraints(b).put("allowNaturalLanguageFallback", false);
      b.putArray("candidateInterfaceRefs").add(HotelAgent.CONVERSATION);
    });
    assertThat(noNl.status()).isEqualTo(NegotiationStatus.REJECTED);
    NegotiationResult tooSlow = decide(b -> {
      constraints(b).put("maxLatencyMs", 100);
      b.putArray("candidateInterfaceRefs").add(HotelAgent.BOOKING);
    });
    assertThat(tooSlow.status()).isEqualTo(NegotiationStatus.REJECTED);
  }

  @Test
  void protocolFailuresAreErrorsWithTheirCodes() {
    refusedWith(1602, b -> b.put("mode", "consensus_vote"));
    refusedWith(1602, b -> b.put("mode", MetaNegotiation.MODE_NATURAL_LANGUAGE_PROTOCOL_DRAFTING));
    refusedWith(1604, b -> constraints(b).put("requiredSecurityProfile", "direct-e2ee"));
    refusedWith(1604, b -> ((ObjectNode) b.get("callerCapabilities")).putArray("supportedSecurityProfiles").add("group-e2ee"));
    refusedWith(1605, b -> ((ObjectNode) b.get("callerCapabilities")).putArray("supportedContentTypes").add("image/png"));
    refusedWith(1603, b -> b.putArray("candidateProtocols").add("anp.unknown.v9"));
    refusedWith(1601, b -> b.putArray("requiredCapabilities").add("cap.flight.booking"));
    refusedWith(1601, b -> {
      b.remove("requiredCapabilities");
      b.putObject("intent").putArray("intentTags").add("flight.booking");
    });
  }

  @Test
  void aCapabilityForAuthenticatedCallersNeedsAuthentication() {
    Consumer<ObjectNode> vip = b -> {
      b.putArray("requiredCapabilities").add("cap.hotel.vip");
      b.remove("candidateInterfaceRefs");
      ((ObjectNode) b.get("callerCapabilities")).putArray("supportedContentTypes").add("text/plain");
    };
    assertThatThrownBy(() -> decide(vip, Optional.empty()))
        .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.error().code()).isEqualTo(1607));
    assertThat(decide(vip).selected().orElseThrow().interfaceId()).hasValue(HotelAgent.CONVERSATION);
  }

  @Test
  void declarationsMustReferToDeclaredCapabilities() {
    assertThatThrownBy(() -> DeclaredInterfacesProvider.builder()
        .declaredInterface(DeclaredInterface.builder("i", DeclaredInterface.STRUCTURED, "openrpc", "https://x.test")
            .capabilities("cap.none").build())
        .build())
        .isInstanceOf(IllegalStateException.class);
    assertThat(List.of(MetaNegotiation.EXECUTION_MODES.size(), MetaNegotiation.NEGOTIABLE_OBJECTS.size())).containsExactly(7, 7);
  }
}
