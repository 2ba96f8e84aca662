package org.anp.identity.wba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Hex;
import org.anp.identity.codec.Multibase;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The reference SDK's did:wba documents (did-documents.json) through the full verifier. */
class DidWbaDocumentVerifierTest {

  private static JsonNode vectors() throws IOException {
    try (InputStream in =
        DidWbaDocumentVerifierTest.class.getResourceAsStream(
            "/vectors/conformance/did-wba/did-documents.json")) {
      assertThat(in).isNotNull();
      return new ObjectMapper().readTree(in);
    }
  }

  // Documents decode keys on first use (decision 0007): an invalid key cannot be the bound one.
  @Test
  void anInvalidAuthenticationKeyIsNotTheBoundKey() {
    DidWbaIdentity identity = DidWbaIdentity.builder().host("a.example").path("u:alice").build();
    ObjectNode json = identity.document().json();
    ObjectNode key1 = (ObjectNode) json.get("verificationMethod").get(0);
    assertThat(key1.has("publicKeyMultibase")).isTrue();
    key1.put("publicKeyMultibase", Multibase.encodeBase58Btc(Hex.decode("ed01" + "ff".repeat(31) + "7f")));

    assertThatThrownBy(() -> DidWbaDocumentVerifier.checkBinding(DidDocument.fromJson(json), identity.didWba()))
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.KEY_BINDING_MISMATCH));
  }

  @TestFactory
  Stream<DynamicTest> everySdkIdentityVerifies() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode identity : vectors().path("identities")) {
      tests.add(
          DynamicTest.dynamicTest(
              identity.path("name").asText(),
              () -> {
                assertThat(identity.path("expected").asText()).isEqualTo("valid");
                Did did = Did.parse(identity.path("did").asText());
                DidDocument document = DidDocument.fromJson(identity.path("did_document"));
                VerifiedDidDocument verified = DidWbaDocumentVerifier.verify(document, did);
                assertThat(verified.did()).isEqualTo(did);
                assertThat(verified.proof()).isPresent();
                assertThat(verified.boundKey().isPresent()).isEqualTo(identity.has("key_binding"));
                assertThat(DidWba.parse(did).documentUrl())
                    .hasToString(identity.path("did_document_url").asText());
                if (identity.has("key_binding")) {
                  assertThat(verified.boundKey().orElseThrow().publicKey().jwkThumbprint())
                      .isEqualTo(identity.path("key_binding").path("thumbprint").path("sha256_b64url").asText());
                }
              }));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> tamperedDocumentsMatchTheRecordedBindingVerdict() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode tampered : vectors().path("tampered_documents")) {
      tests.add(
          DynamicTest.dynamicTest(
              tampered.path("id").asText(),
              () -> {
                DidDocument document = DidDocument.fromJson(tampered.path("did_document"));
                DidWba did = DidWba.parse(document.id());
                String binding = tampered.path("expected").path("binding_check_with_verify_proof").asText();
                // Our verifier always checks a present proof, so every tampered document fails.
                assertThatThrownBy(() -> DidWbaDocumentVerifier.verify(document, document.id()))
                    .isInstanceOf(IdentityException.class);
                if (binding.startsWith("invalid")) {
                  assertThat(did.lastSegment().flatMap(DidWbaProfile::boundBy)).isPresent();
                } else {
                  assertThat(DidWbaDocumentVerifier.checkBinding(document, did)).isEmpty();
                }
              }));
    }
    assertThat(tests).hasSize(9);
    return tests.stream();
  }

  @Test
  void rejectsADocumentForAnotherDid() throws IOException {
    JsonNode identity = vectors().path("identities").get(0);
    DidDocument document = DidDocument.fromJson(identity.path("did_document"));
    assertThatThrownBy(() -> DidWbaDocumentVerifier.verify(document, Did.parse("did:wba:mallory.example.com")))
        .isInstanceOf(IdentityException.class)
        .hasMessageContaining("does not equal the requested DID");
  }
}
