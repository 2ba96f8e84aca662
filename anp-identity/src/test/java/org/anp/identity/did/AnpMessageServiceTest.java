package org.anp.identity.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.json.StrictJson;
import org.anp.identity.wba.DidWbaIdentity;
import org.junit.jupiter.api.Test;

class AnpMessageServiceTest {

  private static DidDocument officialAlice() throws IOException {
    try (InputStream in = AnpMessageServiceTest.class.getResourceAsStream(
        "/vectors/conformance/anp-02-v1.2/identities.json")) {
      JsonNode root = StrictJson.parse(in.readAllBytes(), 1 << 20);
      return DidDocument.fromJson(root.get("identities").get("alice-wba").get("document"));
    }
  }

  @Test
  void readsTheEntryOfTheOfficialVectorIdentity() throws IOException {
    AnpMessageService service = AnpMessageService.of(officialAlice()).orElseThrow();

    assertThat(service.fragment()).isEqualTo("messages");
    assertThat(service.endpoint()).isEqualTo(URI.create("https://messages-wba.example/anp"));
    assertThat(service.serviceDid()).hasValue("did:wba:service-wba.example");
    assertThat(service.profiles()).contains(AnpMessageService.CORE_PROFILE, AnpMessageService.DISCOVERY_PROFILE);
    assertThat(service.securityProfiles()).containsExactly("transport-protected", "direct-e2ee", "group-e2ee");
  }

  @Test
  void whatIsWrittenIntoASignedDocumentReadsBack() {
    DidWbaIdentity wba = DidWbaIdentity.builder().host("agents.example.com").path("alice").build();
    AnpMessageService written = AnpMessageService.at(URI.create("https://agents.example.com/anp"))
        .withServiceDid(Did.parse("did:wba:agents.example.com"));

    AgentIdentity identity =
        AgentIdentity.from(wba).toBuilder().service(written.toJson(wba.did())).build();

    assertThat(AnpMessageService.of(identity.document())).hasValue(written);
    assertThat(identity.document().json().get("service").get(0).get("id").asText())
        .isEqualTo(wba.did() + "#message");
    assertThat(AnpMessageService.of(wba.document())).isEmpty();
  }

  @Test
  void malformedOrDuplicateEntriesAreInvalidDocuments() {
    assertInvalid(s -> s.put("serviceEndpoint", "ftp://agents.example.com/anp"), "serviceEndpoint");
    assertInvalid(s -> s.putArray("serviceEndpoint").add("https://a.example/anp"), "not one URL");
    assertInvalid(s -> s.put("serviceDid", 7), "serviceDid");
    assertInvalid(s -> s.put("profiles", "anp.core.binding.v1"), "profiles: not a list");
    assertInvalid(s -> s.putArray("securityProfiles").add(1), "securityProfiles: an item");
    assertInvalid(s -> s.put("id", "did:wba:other.example#message"), "id is not");
    assertThatThrownBy(() -> AnpMessageService.of(document(s -> { }, 2)))
        .isInstanceOf(IdentityException.class)
        .hasMessageContaining("2 ANPMessageService entries");
  }

  @Test
  void theConstructorRefusesWhatCannotBeAnEndpoint() {
    assertThatThrownBy(() -> AnpMessageService.at(URI.create("/relative")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AnpMessageService("bad#frag", URI.create("https://a.example/"),
        Optional.empty(), List.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertInvalid(Consumer<ObjectNode> change, String named) {
    assertThatThrownBy(() -> AnpMessageService.of(document(change, 1)))
        .isInstanceOfSatisfying(IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_DOCUMENT))
        .hasMessageContaining(named);
  }

  private static DidDocument document(Consumer<ObjectNode> change, int copies) {
    DidWbaIdentity wba = DidWbaIdentity.builder().host("agents.example.com").build();
    ObjectNode json = wba.document().jsonWithoutProof();
    ArrayNode services = json.putArray("service");
    for (int i = 0; i < copies; i++) {
      ObjectNode entry = AnpMessageService.at(URI.create("https://agents.example.com/anp")).toJson(wba.did());
      entry.put("id", wba.did() + "#message" + i);
      change.accept(entry);
      services.add(entry);
    }
    return DidDocument.fromJson(json);
  }
}
