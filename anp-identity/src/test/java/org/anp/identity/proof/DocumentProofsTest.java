package org.anp.identity.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base58;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.codec.Hex;
import org.anp.identity.codec.Multibase;
import org.anp.identity.did.DidDocument;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.wba.DidWbaIdentity;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DocumentProofsTest {
  private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.678Z");

  static JsonNode vectors() throws IOException {
    try (InputStream in =
        DocumentProofsTest.class.getResourceAsStream("/vectors/conformance/did-wba/did-documents.json")) {
      assertThat(in).as("did-documents.json on the class path").isNotNull();
      return new ObjectMapper().readTree(in);
    }
  }

  // Documents decode keys on first use (decision 0007): the proof's key fails the proof.
  @Test
  void aProofKeyThatIsNotAValidKeyFailsTheProof() {
    DidWbaIdentity identity = DidWbaIdentity.builder().host("a.example").path("u:alice").build();
    ObjectNode json = identity.document().json();
    ObjectNode key1 = (ObjectNode) json.get("verificationMethod").get(0);
    assertThat(key1.has("publicKeyMultibase")).isTrue();
    key1.put("publicKeyMultibase", Multibase.encodeBase58Btc(Hex.decode("ed01" + "ff".repeat(31) + "7f")));

    assertThatThrownBy(() -> DocumentProofs.verify(DidDocument.fromJson(json)))
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_PROOF))
        .hasMessageContaining("proof.verificationMethod: the key of " + identity.did() + "#key-1 is invalid");
  }

  @TestFactory
  Stream<DynamicTest> everySdkProofVerifiesAndItsSigningInputMatches() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode identity : vectors().path("identities")) {
      tests.add(
          DynamicTest.dynamicTest(
              identity.path("name").asText(),
              () -> {
                DidDocument document = DidDocument.fromJson(identity.path("did_document"));
                VerifiedProof proof = DocumentProofs.verify(document);
                assertThat(proof.verificationMethod().fragment())
                    .isEqualTo(identity.path("authentication_key_fragment").asText());
                assertThat(proof.suite().proofType())
                    .isEqualTo(identity.path("proof").path("type").asText());
                ObjectNode options = (ObjectNode) document.json().get("proof").deepCopy();
                options.remove("proofValue");
                assertThat(Hex.encode(DocumentProofs.signingInput(options, document.jsonWithoutProof())))
                    .isEqualTo(identity.path("proof").path("signing_input").path("to_be_signed_hex").asText());
              }));
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(3);
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyTamperedSdkDocumentFails() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode tampered : vectors().path("tampered_documents")) {
      assertThat(tampered.path("expected").path("proof").asText()).isEqualTo("invalid");
      tests.add(
          DynamicTest.dynamicTest(
              tampered.path("id").asText(),
              () ->
                  assertThatThrownBy(
                          () -> DocumentProofs.verify(DidDocument.fromJson(tampered.path("did_document"))))
                      .isInstanceOfSatisfying(
                          IdentityException.class,
                          e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_PROOF))));
    }
    assertThat(tests).hasSize(9);
    return tests.stream();
  }

  @ParameterizedTest
  @EnumSource(ProofSuite.class)
  void signThenVerifyRoundTripsForEverySuite(ProofSuite suite) {
    KeyType type = suite.keyTypes().iterator().next();
    PrivateKeyMaterial key = PrivateKeyMaterial.generate(type, new SecureRandom());
    ObjectNode signed = DocumentProofs.sign(document(key), key, DID + "#key-1", suite, CREATED);

    VerifiedProof verified = DocumentProofs.verify(DidDocument.fromJson(signed));

    assertThat(verified.suite()).isEqualTo(suite);
    assertThat(verified.created()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    assertThat(signed.path("proof").path("created").asText()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(signed.path("proof").path("proofPurpose").asText()).isEqualTo("assertionMethod");
    assertThat(signed.path("proof").has("cryptosuite")).isEqualTo(suite.cryptosuite().isPresent());
  }

  @Test
  void multibaseProofValueIsAccepted() {
    PrivateKeyMaterial key = PrivateKeyMaterial.generate(KeyType.ED25519, new SecureRandom());
    ObjectNode signed = DocumentProofs.sign(document(key), key, DID + "#key-1", ProofSuite.EDDSA_JCS_2022, CREATED);
    ObjectNode proof = (ObjectNode) signed.get("proof");
    byte[] signature = Base64Codec.decodeUrl(proof.get("proofValue").asText());
    proof.put("proofValue", "z" + Base58.encode(signature));

    assertThat(DocumentProofs.verify(DidDocument.fromJson(signed)).suite()).isEqualTo(ProofSuite.EDDSA_JCS_2022);
  }

  @Test
  void rejectsEachBrokenProof() {
    PrivateKeyMaterial key = PrivateKeyMaterial.generate(KeyType.SECP256K1, new SecureRandom());
    ObjectNode signed =
        DocumentProofs.sign(document(key), key, DID + "#key-1", ProofSuite.DIDWBA_JCS_ECDSA_SECP256K1_2025, CREATED);

    expectInvalid(without(signed, "proof"), "proof: missing");
    expectInvalid(withProof(signed, "verificationMethod", DID + "#key-9"), "not in the document");
    expectInvalid(withProof(signed, "proofPurpose", "authentication"), "proofPurpose");
    expectInvalid(withProof(signed, "cryptosuite", "eddsa-jcs-2022"), "does not allow");
    expectInvalid(withProof(signed, "cryptosuite", "made-up-2030"), "unsupported suite");
    expectInvalid(withProof(signed, "created", "yesterday"), "proof.created");
    expectInvalid(withProof(signed, "proofValue", "!!!"), "proof.proofValue");
    expectInvalid(withProof(signed, "created", "2026-01-02T03:04:06Z"), "does not verify");
    ObjectNode noRelationship = signed.deepCopy();
    noRelationship.remove("authentication");
    noRelationship.remove("assertionMethod");
    expectInvalid(noRelationship, "neither from assertionMethod nor from authentication");
    ObjectNode noType = signed.deepCopy();
    ((ObjectNode) noType.get("proof")).remove("type");
    // The document model itself already refuses a proof without a type.
    assertThatThrownBy(() -> DocumentProofs.verify(DidDocument.fromJson(noType)))
        .isInstanceOf(IdentityException.class)
        .hasMessageContaining("type");
  }

  @Test
  void signRejectsProgrammerErrors() {
    PrivateKeyMaterial key = PrivateKeyMaterial.generate(KeyType.ED25519, new SecureRandom());
    ObjectNode signed = DocumentProofs.sign(document(key), key, DID + "#key-1", ProofSuite.EDDSA_JCS_2022, CREATED);
    assertThatThrownBy(() -> DocumentProofs.sign(signed, key, DID + "#key-1", ProofSuite.EDDSA_JCS_2022, CREATED))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DocumentProofs.sign(document(key), key, DID + "#key-1", ProofSuite.ECDSA_JCS_2019, CREATED))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void suiteLookupAndAllowedKeys() {
    assertThat(ProofSuite.from("DataIntegrityProof", java.util.Optional.of("ecdsa-jcs-2019")))
        .isEqualTo(ProofSuite.ECDSA_JCS_2019);
    assertThat(ProofSuite.from("Ed25519Signature2020", java.util.Optional.empty()))
        .isEqualTo(ProofSuite.ED25519_SIGNATURE_2020);
    assertThat(ProofSuite.ECDSA_SECP256K1_SIGNATURE_2019.allows(KeyType.SECP256R1)).isFalse();
    assertThatThrownBy(() -> ProofSuite.from("DataIntegrityProof", java.util.Optional.empty()))
        .isInstanceOf(IdentityException.class);
  }

  private static final String DID = "did:wba:example.com:u:test";

  private static ObjectNode document(PrivateKeyMaterial key) {
    ObjectNode doc = new ObjectMapper().createObjectNode();
    doc.putArray("@context").add("https://www.w3.org/ns/did/v1");
    doc.put("id", DID);
    ObjectNode vm = doc.putArray("verificationMethod").addObject();
    vm.put("id", DID + "#key-1");
    vm.put("type", "JsonWebKey2020");
    vm.put("controller", DID);
    vm.set("publicKeyJwk", key.publicKey().toJwk());
    doc.putArray("authentication").add(DID + "#key-1");
    doc.putArray("assertionMethod").add(DID + "#key-1");
    return doc;
  }

  private static ObjectNode without(ObjectNode doc, String field) {
    ObjectNode copy = doc.deepCopy();
    copy.remove(field);
    return copy;
  }

  private static ObjectNode withProof(ObjectNode doc, String field, String value) {
    ObjectNode copy = doc.deepCopy();
    ((ObjectNode) copy.get("proof")).put(field, value);
    return copy;
  }

  private static void expectInvalid(ObjectNode doc, String messagePart) {
    assertThatThrownBy(() -> DocumentProofs.verify(DidDocument.fromJson(doc)))
        .isInstanceOfSatisfying(
            IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_PROOF))
        .hasMessageContaining(messagePart);
  }
}
