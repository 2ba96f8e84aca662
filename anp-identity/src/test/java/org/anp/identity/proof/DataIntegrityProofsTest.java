package org.anp.identity.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.DidDocument;
import org.anp.identity.json.StrictJson;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.junit.jupiter.api.Test;

/** The ANP 1.2 proof form, checked byte for byte against the official ANP-02 1.2 vectors. */
class DataIntegrityProofsTest {

  @Test
  void signingTheApiWbaDocumentReproducesItsOfficialProofAndBothVerifiersAcceptIt() throws Exception {
    JsonNode vector = positive("DOCUMENT-api-wba");
    ObjectNode official = (ObjectNode) vector.path("object");
    ObjectNode unsecured = official.deepCopy();
    unsecured.remove("proof");
    PrivateKeyMaterial root = PrivateKeyMaterial.fromRaw(KeyType.ED25519, MessageDigest.getInstance("SHA-256")
        .digest("ANP02-PUBLIC-TEST-ONLY:api-wba:root".getBytes(StandardCharsets.UTF_8)));

    ObjectNode signed = DataIntegrityProofs.sign(unsecured, root, vector.path("keyid").asText(), "assertionMethod",
        Instant.parse("2026-09-07T08:00:00Z"));

    assertThat(signed).isEqualTo(official);
    assertThat(signed.path("proof").path("proofValue").asText()).startsWith("z");
    assertThat(DataIntegrityProofs.verify(signed, root.publicKey(), "assertionMethod"))
        .isEqualTo(vector.path("keyid").asText());
    assertThat(DocumentProofs.verify(DidDocument.fromJson(signed)).suite()).isEqualTo(ProofSuite.EDDSA_JCS_2022);
  }

  @Test
  void theEarlierSdkFormStillVerifies() {
    PrivateKeyMaterial key = PrivateKeyMaterial.generate(KeyType.ED25519, new SecureRandom());
    ObjectNode doc = StrictJson.mapper().createObjectNode();
    doc.putArray("@context").add("https://www.w3.org/ns/did/v1");
    doc.put("text", "hello");
    ObjectNode sdkForm = DocumentProofs.sign(doc, key, "did:web:a.example#k", ProofSuite.EDDSA_JCS_2022,
        Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(DataIntegrityProofs.verify(sdkForm, key.publicKey(), "assertionMethod")).isEqualTo("did:web:a.example#k");
  }

  @Test
  void refusesAnotherPurposeATamperedObjectAndAWrongKey() {
    PrivateKeyMaterial key = PrivateKeyMaterial.generate(KeyType.ED25519, new SecureRandom());
    ObjectNode obj = StrictJson.mapper().createObjectNode().put("a", 1);
    ObjectNode signed = DataIntegrityProofs.sign(obj, key, "did:web:a.example#k", "assertionMethod", Instant.EPOCH);
    expectInvalid(() -> DataIntegrityProofs.verify(signed, key.publicKey(), "authentication"));
    ObjectNode tampered = signed.deepCopy().put("a", 2);
    expectInvalid(() -> DataIntegrityProofs.verify(tampered, key.publicKey(), "assertionMethod"));
    PrivateKeyMaterial other = PrivateKeyMaterial.generate(KeyType.ED25519, new SecureRandom());
    expectInvalid(() -> DataIntegrityProofs.verify(signed, other.publicKey(), "assertionMethod"));
    PrivateKeyMaterial p256 = PrivateKeyMaterial.generate(KeyType.SECP256R1, new SecureRandom());
    expectInvalid(() -> DataIntegrityProofs.verify(signed, p256.publicKey(), "assertionMethod"));
  }

  private static void expectInvalid(Runnable r) {
    assertThatThrownBy(r::run).isInstanceOfSatisfying(IdentityException.class,
        e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_PROOF));
  }

  private static JsonNode positive(String id) throws IOException {
    try (InputStream in = DataIntegrityProofsTest.class.getResourceAsStream(
        "/vectors/conformance/anp-02-v1.2/byte-vectors.json")) {
      for (JsonNode p : StrictJson.parse(in.readAllBytes(), 1 << 20).path("positives")) {
        if (p.path("id").asText().equals(id)) {
          return p;
        }
      }
    }
    throw new IllegalArgumentException(id);
  }
}
