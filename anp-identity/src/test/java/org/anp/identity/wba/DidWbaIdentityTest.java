package org.anp.identity.wba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.did.DidDocument;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.proof.ProofSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DidWbaIdentityTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T05:06:07.5Z"), ZoneOffset.UTC);

  private static DidWbaIdentity create(KeyType type, DidWbaProfile profile, boolean portAndPath) {
    DidWbaIdentity.Builder builder =
        DidWbaIdentity.builder()
            .host("Agents.Example.com")
            .keyType(type)
            .agentDescriptionUrl("https://agents.example.com/ad.json")
            .messageService("wss://relay.example.com/ws", "did:wba:relay.example.com")
            .clock(CLOCK)
            .random(new SecureRandom());
    if (profile != null) {
      builder.profile(profile);
    }
    if (portAndPath) {
      builder.port(8800).path("user/alice");
    }
    return builder.build();
  }

  @ParameterizedTest(name = "{0} {1} portAndPath={2}")
  @CsvSource({
    "ED25519, E1, false, DataIntegrityProof, eddsa-jcs-2022, Multikey",
    "ED25519, E1, true, DataIntegrityProof, eddsa-jcs-2022, Multikey",
    "SECP256K1, K1, false, DataIntegrityProof, didwba-jcs-ecdsa-secp256k1-2025, EcdsaSecp256k1VerificationKey2019",
    "SECP256K1, K1, true, DataIntegrityProof, didwba-jcs-ecdsa-secp256k1-2025, EcdsaSecp256k1VerificationKey2019",
    "SECP256K1, PLAIN_LEGACY, false, EcdsaSecp256k1Signature2019, , EcdsaSecp256k1VerificationKey2019",
    "SECP256K1, PLAIN_LEGACY, true, EcdsaSecp256k1Signature2019, , EcdsaSecp256k1VerificationKey2019",
    "SECP256R1, , false, DataIntegrityProof, ecdsa-jcs-2019, EcdsaSecp256r1VerificationKey2019",
    "SECP256R1, , true, DataIntegrityProof, ecdsa-jcs-2019, EcdsaSecp256r1VerificationKey2019",
  })
  void createdIdentitiesVerify(
      KeyType type, DidWbaProfile profile, boolean portAndPath, String proofType, String cryptosuite, String vmType) {
    DidWbaIdentity identity = create(type, profile, portAndPath);
    ObjectNode json = identity.document().json();

    VerifiedDidDocument verified = DidWbaDocumentVerifier.verify(identity.document(), identity.did());

    assertThat(verified.proof()).isPresent();
    assertThat(json.path("proof").path("type").asText()).isEqualTo(proofType);
    assertThat(json.path("proof").path("cryptosuite").asText("")).isEqualTo(cryptosuite == null ? "" : cryptosuite);
    assertThat(json.path("proof").path("created").asText()).isEqualTo("2026-03-04T05:06:07Z");
    assertThat(json.path("verificationMethod").get(0).path("type").asText()).isEqualTo(vmType);
    assertThat(json.path("keyAgreement").get(0).asText()).isEqualTo(identity.did() + "#key-3");
    assertThat(json.path("service").get(0).path("id").asText()).isEqualTo(identity.did() + "#ad");
    assertThat(json.path("@context").get(0).asText()).isEqualTo("https://www.w3.org/ns/did/v1");
    assertThat(json.has("assertionMethod")).isEqualTo(profile != DidWbaProfile.PLAIN_LEGACY);
    assertThat(identity.privateKeys()).containsOnlyKeys("key-1", "key-2", "key-3");
    assertThat(identity.privateKey("key-1").orElseThrow().publicKey())
        .isEqualTo(identity.document().verificationMethod("key-1").orElseThrow().publicKey());
    assertThat(identity.didWba().host()).isEqualTo("agents.example.com");
    boolean bound = portAndPath && (profile == DidWbaProfile.E1 || profile == DidWbaProfile.K1);
    assertThat(verified.boundKey().isPresent()).isEqualTo(bound);
    if (portAndPath) {
      assertThat(identity.did().toString()).startsWith("did:wba:agents.example.com%3A8800:user:alice");
      assertThat(identity.didWba().path()).hasSize(bound ? 3 : 2);
    }
    if (bound) {
      String prefix = profile == DidWbaProfile.E1 ? "e1_" : "k1_";
      assertThat(identity.didWba().lastSegment().orElseThrow())
          .isEqualTo(prefix + identity.privateKey("key-1").orElseThrow().publicKey().jwkThumbprint());
    }
  }

  @Test
  void e2eeKeysCanBeLeftOut() {
    DidWbaIdentity identity =
        DidWbaIdentity.builder().host("legacy.example.org").profile(DidWbaProfile.PLAIN_LEGACY).e2eeKeys(false).build();
    assertThat(identity.privateKeys()).containsOnlyKeys("key-1");
    assertThat(identity.document().json().has("keyAgreement")).isFalse();
    assertThat(DidWbaDocumentVerifier.verify(identity.document(), identity.did()).proof()).isPresent();
  }

  @Test
  void toStringShowsNoKeyMaterial() {
    DidWbaIdentity identity = create(KeyType.ED25519, null, false);
    String hex = org.anp.identity.codec.Hex.encode(identity.privateKey("key-1").orElseThrow().exportInsecure());
    assertThat(identity.toString()).contains("did:wba:agents.example.com").doesNotContain(hex);
  }

  @Test
  void builderRejectsContradictions() {
    assertThatThrownBy(() -> DidWbaIdentity.builder().host("a.test").profile(DidWbaProfile.E1).keyType(KeyType.SECP256K1).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DidWbaIdentity.builder().host("a.test").keyType(KeyType.X25519).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DidWbaIdentity.builder().build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> DidWbaIdentity.builder().host("a.test").messageService("https://x").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DidWbaIdentity.builder().host("10.0.0.1").build())
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_DID));
  }

  // ---- tampering, on a key-bound E1 and K1 identity ----

  @ParameterizedTest
  @CsvSource({"ED25519, E1", "SECP256K1, K1"})
  void everyTamperingIsRejected(KeyType type, DidWbaProfile profile) {
    DidWbaIdentity identity = create(type, profile, true);
    ObjectNode json = identity.document().json();
    String did = identity.did().toString();

    expectRejected(json, did, IdentityError.INVALID_PROOF, doc -> {
      ObjectNode service = ((ArrayNode) doc.get("service")).addObject();
      service.put("id", did + "#evil");
      service.put("type", "AgentDescription");
      service.put("serviceEndpoint", "https://evil.example/ad.json");
    });
    expectRejected(json, did, IdentityError.INVALID_PROOF, doc -> {
      ObjectNode proof = (ObjectNode) doc.get("proof");
      byte[] sig = Base64Codec.decodeUrl(proof.get("proofValue").asText());
      sig[10] ^= 0x01;
      proof.put("proofValue", Base64Codec.encodeUrl(sig));
    });
    expectRejected(json, did, IdentityError.INVALID_PROOF,
        doc -> ((ObjectNode) doc.get("proof")).put("created", "2020-01-01T00:00:00Z"));
    // key-1 swapped for another key of the same type: the binding no longer holds
    PrivateKeyMaterial other = PrivateKeyMaterial.generate(type, new SecureRandom());
    expectRejected(json, did, IdentityError.KEY_BINDING_MISMATCH, doc -> {
      ObjectNode vm = (ObjectNode) doc.get("verificationMethod").get(0);
      if (type == KeyType.ED25519) {
        vm.put("publicKeyMultibase", org.anp.identity.codec.Multibase.encodeBase58Btc(
            org.anp.identity.codec.Multicodec.ED25519_PUB.addPrefix(other.publicKey().raw())));
      } else {
        vm.set("publicKeyJwk", other.publicKey().toJwk());
      }
    });
    // proof pointing at the E2EE P-256 key, which is not in authentication/assertionMethod
    expectRejected(json, did, IdentityError.INVALID_PROOF,
        doc -> ((ObjectNode) doc.get("proof")).put("verificationMethod", did + "#key-2"));
    // bound DID without a proof
    expectRejected(json, did, IdentityError.INVALID_PROOF, doc -> doc.remove("proof"));
  }

  @Test
  void changedBindingSegmentIsRejected() {
    DidWbaIdentity identity = create(KeyType.ED25519, DidWbaProfile.E1, true);
    String did = identity.did().toString();
    String changed = did.substring(0, did.length() - 2) + (did.endsWith("AA") ? "BB" : "AA");
    ObjectNode json = replaceDid(identity.document().json(), did, changed);
    DidDocument document = DidDocument.fromJson(json);
    assertThatThrownBy(() -> DidWbaDocumentVerifier.verify(document, document.id()))
        .isInstanceOfSatisfying(IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.KEY_BINDING_MISMATCH));
  }

  @Test
  void unsignedDocumentOfUnboundDidIsAccepted() {
    DidWbaIdentity identity = create(KeyType.SECP256R1, null, true);
    ObjectNode json = identity.document().json();
    json.remove("proof");
    VerifiedDidDocument verified = DidWbaDocumentVerifier.verify(DidDocument.fromJson(json), identity.did());
    assertThat(verified.proof()).isEmpty();
    assertThat(verified.boundKey()).isEmpty();
  }

  private static ObjectNode replaceDid(ObjectNode json, String from, String to) {
    try {
      com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
      return (ObjectNode) mapper.readTree(mapper.writeValueAsString(json).replace(from, to));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void expectRejected(ObjectNode original, String did, IdentityError code, Consumer<ObjectNode> change) {
    ObjectNode copy = original.deepCopy();
    change.accept(copy);
    assertThatThrownBy(() -> DidWbaDocumentVerifier.verify(DidDocument.fromJson(copy), DidWba.parse(did).toDid()))
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  @Test
  void proofSuiteOfEachProfile() {
    assertThat(DidWbaProfile.E1.proofSuite()).isEqualTo(ProofSuite.EDDSA_JCS_2022);
    assertThat(DidWbaProfile.boundBy("k1_abc")).contains(DidWbaProfile.K1);
    assertThat(DidWbaProfile.boundBy("alice")).isEmpty();
    assertThat(List.of(DidWbaProfile.values())).hasSize(3);
  }
}
