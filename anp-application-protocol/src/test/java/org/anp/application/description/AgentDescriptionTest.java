package org.anp.application.description;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentDescriptionTest {
  private static final DescriptionSchemas SCHEMAS = DescriptionSchemas.standard();

  @Test
  void readsTheSpecsHotelExampleAt12() {
    AgentDescription d = AgentDescription.parse(Resources.bytes("spec-examples/hotel-1.2-ad.json"));

    assertThat(d.format()).isEqualTo(DescriptionFormat.ANP_1_2);
    assertThat(d.name()).isEqualTo("Grand Hotel Assistant");
    assertThat(d.did()).contains("did:wba:grand-hotel.com:service:hotel-assistant");
    assertThat(d.protocolVersion()).contains("1.0.0");
    assertThat(d.owner().flatMap(Owner::url)).contains("https://grand-hotel.com");
    assertThat(d.security()).containsExactly("didwba_sc");
    assertThat(d.securityDefinitions().get("didwba_sc")).isEqualTo(SecurityScheme.didWbaHeader());
    assertThat(d.informations()).extracting(Information::type)
        .containsExactly("Product", "Product", "Information", "VideoObject");
    assertThat(d.interfaces()).hasSize(6);
    AgentInterface booking = d.interfaces().get(1);
    assertThat(booking.isStructured()).isTrue();
    assertThat(booking.humanAuthorization()).contains(true);
    assertThat(booking.requiresHumanAuthorization()).isTrue();
    assertThat(d.interfaces().get(0).requiresHumanAuthorization()).isFalse();
    assertThat(d.interfaces().get(0).isNaturalLanguage()).isTrue();
    assertThat(d.interfaces().get(3).url()).isEmpty();
    assertThat(d.interfaces().get(3).extensions().names()).containsExactly("content");
    assertThat(d.proof().map(DescriptionProof::challenge)).contains(Optional.of("1235abcd6789"));
    SCHEMAS.validate(d);
  }

  @Test
  void readsTheEarlierJsonLdHotelExample() {
    AgentDescription d = AgentDescription.parse(Resources.bytes("spec-examples/hotel-jsonld-ad.json"));

    assertThat(d.format()).isEqualTo(DescriptionFormat.JSON_LD);
    assertThat(d.url())
        .contains("https://service.agent-network-protocol.com/agents/sheraton-chuzhou-hotel/ad.json");
    assertThat(d.version()).contains("1.0.0");
    assertThat(d.owner().flatMap(Owner::type)).contains("Organization");
    assertThat(d.owner().flatMap(Owner::url)).contains("https://example-hotel-group.com");
    assertThat(d.security()).containsExactly("didwba_sc");
    assertThat(d.interfaces()).extracting(AgentInterface::type)
        .containsExactly("SearchInterface", "BookingInterface", "NaturalLanguageInterface");
    assertThat(d.interfaces().get(0).isStructured()).isTrue();
    assertThat(d.extensions().names()).containsExactly("@context", "ad:domainEntity");
    SCHEMAS.validate(d);
  }

  @Test
  void readsTheCoffeeShopExample() {
    AgentDescription d =
        AgentDescription.parse(Resources.bytes("spec-examples/coffee-shop-jsonld-ad.json"));

    assertThat(d.format()).isEqualTo(DescriptionFormat.JSON_LD);
    assertThat(d.name()).isEqualTo("Luckin Coffee Agent");
    assertThat(d.interfaces()).extracting(AgentInterface::type)
        .containsExactly("NaturalLanguageInterface", "PurchaseInterface");
    assertThat(d.extensions().get("ad:domainEntity").orElseThrow().get("ad:products")).hasSize(3);
    SCHEMAS.validate(d);
  }

  @Test
  void readsTheSdkHeaderSample() {
    AgentDescription d =
        AgentDescription.fromJson(Resources.sdkSample("fastanp.ADGenerator.generate_common_header"));

    assertThat(d.format()).isEqualTo(DescriptionFormat.ANP_1_2);
    assertThat(d.did()).contains("did:wba:alice.example.com");
    assertThat(d.interfaces()).isEmpty();
    SCHEMAS.validate(d);
  }

  @Test
  void readsTheSdkProductStyleSampleAndKeepsItsProductMembers() {
    AgentDescription d =
        AgentDescription.fromJson(Resources.sdkSample("openanp.utils.generate_ad_document"));

    assertThat(d.format()).isEqualTo(DescriptionFormat.SDK_PRODUCT);
    assertThat(d.did()).contains("did:wba:alice.example.com");
    assertThat(d.security()).containsExactly("didwba");
    assertThat(d.securityDefinitions()).containsOnlyKeys("didwba");
    assertThat(d.extensions().names()).containsExactly("brand", "category", "sku");
    SCHEMAS.validate(d);
    // Written as 1.2 it becomes a conformant description.
    SCHEMAS.validate(d.toJson());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "spec-examples/hotel-1.2-ad.json",
        "spec-examples/hotel-jsonld-ad.json",
        "spec-examples/coffee-shop-jsonld-ad.json"
      })
  void specExamplesRoundTripInTheirOwnShapeExactlyAndThrough12(String name) {
    ObjectNode original = Resources.json(name);
    AgentDescription d = AgentDescription.fromJson(original);

    assertThat(d.toJson(d.format())).isEqualTo(original);
    assertThat(AgentDescription.fromJson(d.toJson(d.format()))).isEqualTo(d);

    ObjectNode as12 = d.toJson();
    SCHEMAS.validate(as12);
    AgentDescription back = AgentDescription.fromJson(as12);
    assertThat(back.format()).isEqualTo(DescriptionFormat.ANP_1_2);
    assertThat(back.toJson()).isEqualTo(as12);
    assertThat(back.interfaces()).isEqualTo(stripHashMembers(d).interfaces());
    assertThat(back.did()).isEqualTo(d.did());
    assertThat(back.url()).isEqualTo(d.url());
  }

  @Test
  void everyShapeRoundTripsEveryOtherShapesModel() {
    AgentDescription hotel = AgentDescription.parse(Resources.bytes("spec-examples/hotel-1.2-ad.json"));
    for (DescriptionFormat format : DescriptionFormat.values()) {
      AgentDescription converted = AgentDescription.fromJson(hotel.toJson(format));
      assertThat(converted.format()).isEqualTo(format);
      assertThat(converted.informations()).isEqualTo(hotel.informations());
      assertThat(converted.interfaces()).isEqualTo(hotel.interfaces());
      assertThat(converted.securityDefinitions()).isEqualTo(hotel.securityDefinitions());
      assertThat(converted.did()).isEqualTo(hotel.did());
      assertThat(AgentDescription.fromJson(converted.toJson(format))).isEqualTo(converted);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"fastanp.ADGenerator.generate_common_header", "openanp.utils.generate_ad_document"})
  void sdkSamplesRoundTripExactly(String generator) {
    ObjectNode original = Resources.sdkSample(generator);
    AgentDescription d = AgentDescription.fromJson(original);

    assertThat(d.toJson(d.format())).isEqualTo(original);
    assertThat(AgentDescription.fromJson(d.toJson())).isEqualTo(
        d.toBuilder().format(DescriptionFormat.ANP_1_2).build());
  }

  @Test
  void anp06InterfacesAndCapabilitiesAreReadAndKept() {
    // The MetaProtocolInterface of ANP-06 5.4 and the structured interface fragment of 14.1.
    String json =
        "{\"protocolType\":\"ANP\",\"protocolVersion\":\"1.1\",\"type\":\"AgentDescription\","
            + "\"name\":\"Grand Hotel\",\"did\":\"did:wba:grand-hotel.com\","
            + "\"securityDefinitions\":{\"didwba_sc\":{\"scheme\":\"didwba\",\"in\":\"header\",\"name\":\"Authorization\"}},"
            + "\"security\":\"didwba_sc\","
            + "\"capabilities\":[{\"id\":\"cap.hotel.booking\",\"name\":\"Booking\",\"requiresHumanAuthorization\":true}],"
            + "\"interfaces\":[{\"id\":\"interface.negotiation.default\",\"type\":\"MetaProtocolInterface\","
            + "\"protocol\":\"ANP\",\"version\":\"1.0\",\"profile\":\"anp.meta.negotiation.v1\","
            + "\"binding\":\"jsonrpc-2.0\",\"url\":\"https://grand-hotel.com/anp\","
            + "\"methods\":[\"anp.get_capabilities\",\"anp.negotiate\"],\"security\":[\"didwba_sc\"],"
            + "\"securityProfiles\":[\"transport-protected\"],\"negotiates\":[\"profiles\",\"interfaces\"],"
            + "\"description\":\"Semantic meta-protocol negotiation interface.\"},"
            + "{\"id\":\"interface.booking.structured.v1\",\"type\":\"StructuredInterface\",\"protocol\":\"openrpc\","
            + "\"version\":\"1.0\",\"profile\":\"anp.rpc.v1\",\"url\":\"https://grand-hotel.com/api/booking.openrpc.json\","
            + "\"capabilityRefs\":[\"cap.hotel.booking\"],\"humanAuthorization\":true,"
            + "\"description\":\"Structured booking interface for room reservation.\"}]}";
    AgentDescription d = AgentDescription.parse(json);

    AgentInterface meta = d.interfaces().get(0);
    assertThat(meta.isMetaProtocol()).isTrue();
    assertThat(meta.requiresHumanAuthorization()).isFalse();
    assertThat(AgentDescription.parse(json.replace("\"profile\":\"anp.meta", "\"authorizationLevel\":\"user-presence-required\",\"profile\":\"anp.meta"))
        .interfaces().get(0).requiresHumanAuthorization()).isTrue();
    assertThat(meta.id()).contains("interface.negotiation.default");
    assertThat(meta.extensions().names())
        .containsExactly("profile", "binding", "methods", "security", "securityProfiles", "negotiates");
    assertThat(d.interfaces().get(1).extensions().get("capabilityRefs").orElseThrow().get(0).asText())
        .isEqualTo("cap.hotel.booking");
    assertThat(d.extensions().names()).containsExactly("capabilities");
    assertThat(d.protocolVersion()).contains("1.1");
    SCHEMAS.validate(d);
    assertThat(d.toJson()).isEqualTo(d.receivedJson());
  }

  @Test
  void builtDescriptionWrites12ByDefault() {
    AgentDescription d =
        AgentDescription.builder("Shelf")
            .did("did:wba:books.test:agents:shelf")
            .securityDefinition("didwba_sc", SecurityScheme.didWbaHeader())
            .security(java.util.List.of("didwba_sc"))
            .addInterface(
                new AgentInterface(
                    AgentInterface.STRUCTURED,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of("openrpc"),
                    Optional.of("1.0"),
                    Optional.of("https://books.test/rpc.json"),
                    Optional.of("Orders"),
                    Optional.empty(),
                    Extensions.empty()))
            .build();

    ObjectNode json = d.toJson();
    assertThat(json.get("protocolType").asText()).isEqualTo("ANP");
    assertThat(json.get("type").asText()).isEqualTo("AgentDescription");
    assertThat(json.get("security").asText()).isEqualTo("didwba_sc");
    SCHEMAS.validate(json);
    assertThat(AgentDescription.fromJson(json)).isEqualTo(d.toBuilder().protocolVersion("1.0.0").build());
  }

  @Test
  void oversizedDescriptionIsRefused() {
    byte[] bytes = Resources.bytes("spec-examples/hotel-1.2-ad.json");
    assertThatThrownBy(() -> AgentDescription.parse(bytes, bytes.length - 1))
        .isInstanceOf(ApplicationException.class)
        .extracting(e -> ((ApplicationException) e).code())
        .isEqualTo(ApplicationError.DESCRIPTION_TOO_LARGE);
    assertThat(AgentDescription.parse(bytes, bytes.length).name()).isEqualTo("Grand Hotel Assistant");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not json",
        "[]",
        "{\"name\":\"x\"}",
        "{\"protocolType\":\"ANP\",\"protocolVersion\":\"1.0.0\",\"type\":\"Thing\",\"name\":\"x\"}",
        "{\"protocolType\":\"ANP\",\"protocolVersion\":\"1.0.0\",\"type\":\"AgentDescription\"}",
        "{\"protocolType\":\"ANP\",\"protocolVersion\":\"1.0.0\",\"type\":\"AgentDescription\",\"name\":7}",
        "{\"protocolType\":\"ANP\",\"protocolVersion\":\"1.0.0\",\"type\":\"AgentDescription\",\"name\":\"x\",\"security\":\"nope\"}",
        "{\"protocolType\":\"ANP\",\"protocolVersion\":\"1.0.0\",\"type\":\"AgentDescription\",\"name\":\"x\",\"name\":\"y\"}",
        "{\"protocolType\":\"ANP\",\"protocolVersion\":\"1.0.0\",\"type\":\"AgentDescription\",\"name\":\"x\",\"Infomations\":[],\"informations\":[]}",
        "{\"protocolType\":\"ANP\",\"protocolVersion\":\"1.0.0\",\"type\":\"AgentDescription\",\"name\":\"x\",\"interfaces\":[{\"protocol\":\"YAML\"}]}",
        "{\"protocolType\":\"ANP\",\"protocolVersion\":\"1.0.0\",\"type\":\"AgentDescription\",\"name\":\"x\",\"interfaces\":[{\"type\":\"StructuredInterface\",\"humanAuthorization\":\"yes\"}]}",
        "{\"protocolType\":\"ANP\",\"protocolVersion\":\"1.0.0\",\"type\":\"AgentDescription\",\"name\":\"x\",\"created\":\"yesterday\"}",
        "{\"@context\":{},\"name\":\"x\",\"securityDefinitions\":{},\"ad:securityDefinitions\":{}}",
        "{\"@context\":{},\"@type\":\"Hotel\",\"name\":\"x\"}"
      })
  void malformedDescriptionsAreRefusedWithATypedError(String json) {
    assertThatThrownBy(() -> AgentDescription.parse(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ApplicationException.class)
        .extracting(e -> ((ApplicationException) e).code())
        .isEqualTo(ApplicationError.INVALID_DESCRIPTION);
  }

  @Test
  void schemaRefusesADescriptionWithoutSecurityDefinitions() {
    String json =
        "{\"protocolType\":\"ANP\",\"protocolVersion\":\"1.0.0\",\"type\":\"AgentDescription\",\"name\":\"x\"}";
    AgentDescription d = AgentDescription.parse(json);
    assertThatThrownBy(() -> SCHEMAS.validate(d))
        .isInstanceOf(ApplicationException.class)
        .hasMessageContaining("required")
        .extracting(e -> ((ApplicationException) e).code())
        .isEqualTo(ApplicationError.SCHEMA_VIOLATION);
  }

  @Test
  void schemaRequiresAChallengeWithADomain() {
    ObjectNode json = Resources.json("spec-examples/hotel-1.2-ad.json");
    ((ObjectNode) json.get("proof")).remove("challenge");
    ((ObjectNode) json.get("proof")).put("domain", "grand-hotel.com");
    assertThatThrownBy(() -> SCHEMAS.validate(json))
        .extracting(e -> ((ApplicationException) e).code())
        .isEqualTo(ApplicationError.SCHEMA_VIOLATION);
  }

  private static AgentDescription stripHashMembers(AgentDescription d) {
    AgentDescription.Builder b = d.toBuilder().clearInterfaces();
    for (AgentInterface i : d.interfaces()) {
      ObjectNode ext = i.extensions().toJson();
      ext.properties().removeIf(e -> e.getKey().startsWith("@"));
      b.addInterface(
          new AgentInterface(
              i.type(), i.id(), i.name(), i.protocol(), i.version(), i.url(), i.description(),
              i.humanAuthorization(), Extensions.of(ext)));
    }
    return b.build();
  }
}
