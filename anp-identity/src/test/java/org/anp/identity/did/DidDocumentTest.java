package org.anp.identity.did;

import static org.anp.identity.did.TestKeys.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Hex;
import org.anp.identity.codec.Multibase;
import org.anp.identity.json.StrictJson;
import org.anp.identity.keys.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DidDocumentTest {
  private static final String DID = "did:wba:agents.test%3A9443:u:bob";

  // All seven verification method families, references absolute and relative, an embedded
  // method, a foreign reference, services of each endpoint shape, a proof and unknown members.
  private static final String FULL =
      """
      {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1", {"@vocab": "https://example.org/#"}],
        "id": "%1$s",
        "controller": ["%1$s"],
        "verificationMethod": [
          {"id": "%1$s#key-1", "type": "EcdsaSecp256k1VerificationKey2019", "controller": "%1$s",
           "publicKeyJwk": {"kty": "EC", "crv": "secp256k1", "x": "%2$s", "y": "%3$s", "kid": "abc"}},
          {"id": "%1$s#key-2", "type": "EcdsaSecp256r1VerificationKey2019", "controller": "%1$s",
           "publicKeyHex": "%4$s"},
          {"id": "%1$s#key-3", "type": "X25519KeyAgreementKey2019", "controller": "%1$s",
           "publicKeyMultibase": "%5$s"},
          {"id": "%1$s#key-4", "type": "Ed25519VerificationKey2018", "controller": "%1$s",
           "publicKeyBase58": "%6$s"},
          {"id": "%1$s#key-5", "type": "Multikey", "controller": "%1$s",
           "publicKeyMultibase": "%7$s"}
        ],
        "authentication": ["%1$s#key-1", "#key-4",
          {"id": "%1$s#key-6", "type": "Ed25519VerificationKey2020", "controller": "%1$s", "publicKeyMultibase": "%7$s"}],
        "assertionMethod": ["#key-1", "did:example:other#key-9"],
        "keyAgreement": ["#key-2", "%1$s#key-3"],
        "capabilityInvocation": ["#key-6"],
        "service": [
          {"id": "%1$s#ad", "type": "AgentDescription", "serviceEndpoint": "https://agents.test/ad.json"},
          {"id": "%1$s#communication", "type": "messageService", "router": "did:wba:router.test",
           "serviceEndpoint": "wss://relay.test/ws"},
          {"id": "#didservice", "type": "didDocumentService", "serviceEndpoint": ["https://a.test", {"uri": "https://b.test"}]},
          {"id": "%1$s#map", "type": "LinkedDomains", "serviceEndpoint": {"origins": ["https://agents.test/"]}}
        ],
        "bespokeNull": null,
        "bespokeNumber": 12.5,
        "proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022", "created": "2025-01-01T00:00:00Z",
                  "verificationMethod": "%1$s#key-1", "proofPurpose": "assertionMethod", "proofValue": "zabc", "nonce": "n1"}
      }
      """
          .formatted(DID, K1_JWK_X, K1_JWK_Y, P256_UNCOMPRESSED_HEX, X25519_MB_RAW, ED25519_B58, ED25519_MB_PREFIXED);

  private static DidDocument full() {
    return DidDocument.parse(FULL.getBytes(StandardCharsets.UTF_8));
  }

  private static ObjectNode fullJson() {
    return (ObjectNode) StrictJson.parse(FULL.getBytes(StandardCharsets.UTF_8), 1 << 20);
  }

  @Test
  void parsesEveryPart() {
    DidDocument doc = full();
    assertThat(doc.id()).isEqualTo(Did.parse(DID));
    assertThat(doc.contexts())
        .containsExactly("https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1");
    assertThat(doc.verificationMethods()).extracting(VerificationMethod::fragment)
        .containsExactly("key-1", "key-2", "key-3", "key-4", "key-5");
    assertThat(doc.verificationMethods()).extracting(vm -> vm.publicKey().type())
        .containsExactly(KeyType.SECP256K1, KeyType.SECP256R1, KeyType.X25519, KeyType.ED25519, KeyType.ED25519);
    assertThat(Hex.encode(doc.verificationMethod("key-2").orElseThrow().publicKey().raw())).isEqualTo(P256_UNCOMPRESSED_HEX);
  }

  @Test
  void lookupByIdFragmentOrHashFragment() {
    DidDocument doc = full();
    VerificationMethod key1 = doc.verificationMethod(DID + "#key-1").orElseThrow();
    assertThat(doc.verificationMethod("key-1")).containsSame(key1);
    assertThat(doc.verificationMethod("#key-1")).containsSame(key1);
    assertThat(doc.verificationMethod("key-6")).get().extracting(VerificationMethod::type)
        .isEqualTo(VerificationMethodType.ED25519_VERIFICATION_KEY_2020);
    assertThat(doc.verificationMethod("key-7")).isEmpty();
    assertThat(doc.verificationMethod("did:example:other#key-9")).isEmpty();
  }

  @Test
  void relationshipsResolveReferencesAndEmbeddedMethods() {
    DidDocument doc = full();
    assertThat(doc.methods(VerificationRelationship.AUTHENTICATION)).extracting(VerificationMethod::fragment)
        .containsExactly("key-1", "key-4", "key-6");
    assertThat(doc.methods(VerificationRelationship.ASSERTION_METHOD)).extracting(VerificationMethod::fragment)
        .containsExactly("key-1");
    assertThat(doc.references(VerificationRelationship.ASSERTION_METHOD))
        .containsExactly(DID + "#key-1", "did:example:other#key-9");
    assertThat(doc.methods(VerificationRelationship.KEY_AGREEMENT)).extracting(VerificationMethod::fragment)
        .containsExactly("key-2", "key-3");
    assertThat(doc.methods(VerificationRelationship.CAPABILITY_INVOCATION)).extracting(VerificationMethod::fragment)
        .containsExactly("key-6");
    assertThat(doc.methods(VerificationRelationship.CAPABILITY_DELEGATION)).isEmpty();

    assertThat(doc.method(VerificationRelationship.AUTHENTICATION, "key-4")).isPresent();
    assertThat(doc.method(VerificationRelationship.AUTHENTICATION, "#key-6")).isPresent();
    assertThat(doc.method(VerificationRelationship.AUTHENTICATION, "key-3")).isEmpty();
    assertThat(doc.method(VerificationRelationship.ASSERTION_METHOD, "did:example:other#key-9")).isEmpty();
    assertThat(doc.method(VerificationRelationship.KEY_AGREEMENT, DID + "#key-3")).isPresent();
  }

  @Test
  void servicesAndProof() {
    DidDocument doc = full();
    assertThat(doc.services()).extracting(Service::type)
        .containsExactly("AgentDescription", "messageService", "didDocumentService", "LinkedDomains");
    assertThat(doc.serviceOfType("AgentDescription").orElseThrow().endpointUri()).contains("https://agents.test/ad.json");
    Service message = doc.serviceOfType("messageService").orElseThrow();
    assertThat(message.json().get("router").asText()).isEqualTo("did:wba:router.test");
    assertThat(doc.serviceOfType("didDocumentService").orElseThrow().endpointUri()).isEmpty();
    assertThat(doc.serviceOfType("didDocumentService").orElseThrow().serviceEndpoint().isArray()).isTrue();
    assertThat(doc.serviceOfType("Nope")).isEmpty();

    DocumentProof proof = doc.proof().orElseThrow();
    assertThat(proof.type()).isEqualTo("DataIntegrityProof");
    assertThat(proof.cryptosuite()).contains("eddsa-jcs-2022");
    assertThat(proof.created()).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(proof.verificationMethod()).isEqualTo(DID + "#key-1");
    assertThat(proof.proofPurpose()).isEqualTo("assertionMethod");
    assertThat(proof.proofValue()).isEqualTo("zabc");
    assertThat(proof.json().get("nonce").asText()).isEqualTo("n1");
  }

  @Test
  void jsonRoundTripsWithoutLoss() {
    DidDocument doc = full();
    ObjectNode input = fullJson();
    assertThat(doc.json()).isEqualTo(input);
    assertThat(doc.json().get("bespokeNull").isNull()).isTrue();
    assertThat(DidDocument.parse(doc.toBytes())).isEqualTo(doc);
    assertThat(StrictJson.parse(doc.toBytes(), 1 << 20)).isEqualTo(input);
    ObjectNode withoutProof = input.deepCopy();
    withoutProof.remove("proof");
    assertThat(doc.jsonWithoutProof()).isEqualTo(withoutProof);
    assertThat(doc.json().has("proof")).isTrue();
  }

  @Test
  void isImmutable() {
    ObjectNode input = fullJson();
    DidDocument doc = DidDocument.fromJson(input);
    input.put("id", "did:example:changed");
    doc.json().put("id", "did:example:changed2");
    assertThat(doc.json().get("id").asText()).isEqualTo(DID);
    assertThatThrownBy(() -> doc.verificationMethods().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> doc.methods(VerificationRelationship.AUTHENTICATION).clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void minimalDocumentsWithoutContextOrMethods() {
    DidDocument doc = DidDocument.parse("{\"id\":\"did:example:1\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(doc.contexts()).isEmpty();
    assertThat(doc.verificationMethods()).isEmpty();
    assertThat(doc.services()).isEmpty();
    assertThat(doc.proof()).isEmpty();
    DidDocument stringContext = DidDocument.parse(
        "{\"@context\":\"https://www.w3.org/ns/did/v1\",\"id\":\"did:example:1\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(stringContext.contexts()).containsExactly("https://www.w3.org/ns/did/v1");
  }

  @Test
  void sizeLimitIsExact() {
    byte[] bytes = FULL.getBytes(StandardCharsets.UTF_8);
    assertThat(DidDocument.parse(bytes, bytes.length).id().toString()).isEqualTo(DID);
    assertThatThrownBy(() -> DidDocument.parse(bytes, bytes.length - 1))
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INPUT_TOO_LARGE));
    byte[] padded = ("{\"id\":\"did:example:1\"}" + " ".repeat(DidDocument.DEFAULT_MAX_BYTES)).getBytes(StandardCharsets.UTF_8);
    byte[] atLimit = java.util.Arrays.copyOf(padded, DidDocument.DEFAULT_MAX_BYTES);
    assertThat(DidDocument.parse(atLimit).id().toString()).isEqualTo("did:example:1");
    byte[] overLimit = java.util.Arrays.copyOf(padded, DidDocument.DEFAULT_MAX_BYTES + 1);
    assertThatThrownBy(() -> DidDocument.parse(overLimit))
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INPUT_TOO_LARGE));
  }

  @Test
  void malformedJsonIsInvalidJson() {
    for (String text : new String[] {"{", "{\"id\":\"did:example:1\",\"id\":\"did:example:2\"}", "[]x"}) {
      assertThatThrownBy(() -> DidDocument.parse(text.getBytes(StandardCharsets.UTF_8)))
          .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_JSON));
    }
  }

  private static Arguments bad(String name, Consumer<ObjectNode> change, IdentityError code, String message) {
    return Arguments.of(name, change, code, message);
  }

  private static ArrayNode array(ObjectNode doc, String field) {
    return (ArrayNode) doc.get(field);
  }

  private static ObjectNode vmAt(ObjectNode doc, int i) {
    return (ObjectNode) array(doc, "verificationMethod").get(i);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        bad("root not object", d -> {}, IdentityError.INVALID_DOCUMENT, "document: expected object"),
        bad("missing id", d -> d.remove("id"), IdentityError.INVALID_DOCUMENT, "id: missing"),
        bad("id not string", d -> d.put("id", 3), IdentityError.INVALID_DOCUMENT, "id: expected string"),
        bad("bad DID", d -> d.put("id", "did:WBA:x"), IdentityError.INVALID_DOCUMENT, "id: not a DID"),
        bad("id is a DID URL", d -> d.put("id", DID + "#x"), IdentityError.INVALID_DOCUMENT, "id: not a DID"),
        bad("context without DID v1", d -> d.putArray("@context").add("https://example.org"), IdentityError.INVALID_DOCUMENT, "@context: must include"),
        bad("context number", d -> d.put("@context", 1), IdentityError.INVALID_DOCUMENT, "@context: expected string or array"),
        bad("context entry number", d -> array(d, "@context").add(1), IdentityError.INVALID_DOCUMENT, "@context[3]"),
        bad("controller not string", d -> d.put("controller", 1), IdentityError.INVALID_DOCUMENT, "controller: expected string"),
        bad("verificationMethod not array", d -> d.put("verificationMethod", "x"), IdentityError.INVALID_DOCUMENT, "verificationMethod: expected array"),
        bad("vm entry not object", d -> array(d, "verificationMethod").add("x"), IdentityError.INVALID_DOCUMENT, "verificationMethod[5]: expected object"),
        bad("non-string controller", d -> vmAt(d, 1).put("controller", 5), IdentityError.INVALID_DOCUMENT, "verificationMethod[1].controller: expected string"),
        bad("missing controller", d -> vmAt(d, 1).remove("controller"), IdentityError.INVALID_DOCUMENT, "verificationMethod[1].controller: missing"),
        bad("duplicate VM id", d -> vmAt(d, 1).put("id", DID + "#key-1"), IdentityError.INVALID_DOCUMENT, "verificationMethod[1].id: duplicate"),
        bad("embedded duplicates listed", d -> ((ObjectNode) array(d, "authentication").get(2)).put("id", DID + "#key-5"),
            IdentityError.INVALID_DOCUMENT, "authentication[2].id: duplicate"),
        bad("unknown VM type", d -> vmAt(d, 3).put("type", "Bls12381G2Key2020"), IdentityError.UNSUPPORTED_VERIFICATION_METHOD, "verificationMethod[3]"),
        bad("wrong key length", d -> vmAt(d, 3).put("publicKeyBase58", "4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4Mc"), IdentityError.INVALID_KEY, "verificationMethod[3].publicKeyBase58"),
        bad("two key fields", d -> vmAt(d, 3).put("publicKeyMultibase", ED25519_MB_RAW), IdentityError.INVALID_DOCUMENT, "verificationMethod[3]: more than one"),
        bad("relative VM id", d -> vmAt(d, 0).put("id", "#key-1"), IdentityError.INVALID_DOCUMENT, "verificationMethod[0].id: must be an absolute"),
        bad("unresolvable relative reference", d -> array(d, "authentication").add("#key-99"), IdentityError.INVALID_DOCUMENT,
            "authentication[3]: reference '#key-99'"),
        bad("unresolvable absolute reference", d -> array(d, "keyAgreement").add(DID + "#nope"), IdentityError.INVALID_DOCUMENT, "keyAgreement[2]"),
        bad("reference without fragment", d -> array(d, "keyAgreement").add("did:example:other"), IdentityError.INVALID_DOCUMENT, "keyAgreement[2]: a verification method id needs a fragment"),
        bad("reference bad fragment", d -> array(d, "keyAgreement").add("#a b"), IdentityError.INVALID_DOCUMENT, "keyAgreement[2]"),
        bad("relationship entry number", d -> array(d, "assertionMethod").add(1), IdentityError.INVALID_DOCUMENT, "assertionMethod[2]: expected string or object"),
        bad("relationship not array", d -> d.put("authentication", "#key-1"), IdentityError.INVALID_DOCUMENT, "authentication: expected array"),
        bad("embedded VM bad", d -> ((ObjectNode) array(d, "authentication").get(2)).remove("type"), IdentityError.INVALID_DOCUMENT, "authentication[2].type: missing"),
        bad("service not array", d -> d.put("service", "x"), IdentityError.INVALID_DOCUMENT, "service: expected array"),
        bad("service missing endpoint", d -> ((ObjectNode) array(d, "service").get(0)).remove("serviceEndpoint"), IdentityError.INVALID_DOCUMENT, "service[0].serviceEndpoint: missing"),
        bad("service endpoint number", d -> ((ObjectNode) array(d, "service").get(0)).put("serviceEndpoint", 1), IdentityError.INVALID_DOCUMENT, "service[0].serviceEndpoint"),
        bad("service endpoint array of numbers", d -> ((ObjectNode) array(d, "service").get(0)).putArray("serviceEndpoint").add(1), IdentityError.INVALID_DOCUMENT, "service[0].serviceEndpoint[0]"),
        bad("service type not string", d -> ((ObjectNode) array(d, "service").get(1)).put("type", 1), IdentityError.INVALID_DOCUMENT, "service[1].type: expected string"),
        bad("duplicate service id", d -> ((ObjectNode) array(d, "service").get(1)).put("id", DID + "#ad"), IdentityError.INVALID_DOCUMENT, "service[1].id: duplicate"),
        bad("proof not object", d -> d.put("proof", "x"), IdentityError.INVALID_DOCUMENT, "proof: expected object"),
        bad("proof missing value", d -> ((ObjectNode) d.get("proof")).remove("proofValue"), IdentityError.INVALID_DOCUMENT, "proof.proofValue: missing"),
        bad("proof cryptosuite number", d -> ((ObjectNode) d.get("proof")).put("cryptosuite", 1), IdentityError.INVALID_DOCUMENT, "proof.cryptosuite: expected string"));
  }

  // Decision 0007: a key of the right shape that is not a valid point leaves the document usable;
  // the key's own first use fails, naming its JSON path, and the other keys still work.
  @Test
  void keepsAnInvalidPointForItsFirstUse() throws Exception {
    ObjectNode json = fullJson();
    vmAt(json, 1).put("publicKeyHex", P256_UNCOMPRESSED_HEX.substring(0, 128) + "00");
    // y = 2^255 - 1 is not below the field prime, so no canonical Ed25519 point.
    String notCanonical = "ed01" + "ff".repeat(31) + "7f";
    ((ObjectNode) array(json, "authentication").get(2)).put("publicKeyMultibase", Multibase.encodeBase58Btc(Hex.decode(notCanonical)));
    for (DidDocument doc : List.of(DidDocument.fromJson(json), DidDocument.parse(StrictJson.mapper().writeValueAsBytes(json)))) {
      assertThatThrownBy(() -> doc.verificationMethod("key-2").orElseThrow().publicKey())
          .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_KEY))
          .hasMessageContaining("verificationMethod[1].publicKeyHex: publicKey: point is not on P-256");
      assertThatThrownBy(() -> doc.verificationMethod("key-6").orElseThrow().publicKey())
          .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_KEY))
          .hasMessageContaining("authentication[2].publicKeyMultibase: publicKey: not a valid Ed25519 public key");
      assertThat(doc.verificationMethod("key-1").orElseThrow().publicKey().type()).isEqualTo(KeyType.SECP256K1);
      assertThat(doc.methods(VerificationRelationship.KEY_AGREEMENT)).extracting(VerificationMethod::fragment)
          .containsExactly("key-2", "key-3");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void rejectsMalformedDocuments(String name, Consumer<ObjectNode> change, IdentityError code, String message) {
    JsonNode input;
    if (name.equals("root not object")) {
      input = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    } else {
      ObjectNode doc = fullJson();
      change.accept(doc);
      input = doc;
    }
    assertThatThrownBy(() -> DidDocument.fromJson(input))
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessageContaining(message);
    assertThatThrownBy(() -> DidDocument.parse(StrictJson.mapper().writeValueAsBytes(input)))
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
