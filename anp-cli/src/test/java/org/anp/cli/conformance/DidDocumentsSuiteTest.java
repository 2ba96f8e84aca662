package org.anp.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class DidDocumentsSuiteTest {
  private final DidDocumentsSuite suite = new DidDocumentsSuite();

  private static JsonNode sdkFile() throws IOException {
    try (InputStream in =
        DidDocumentsSuiteTest.class.getResourceAsStream("/vectors/conformance/did-wba/did-documents.json")) {
      assertThat(in).isNotNull();
      return new ObjectMapper().readTree(in);
    }
  }

  private static List<CaseResult> failures(List<CaseResult> results) {
    return results.stream().filter(r -> !r.passed()).toList();
  }

  @Test
  void everyCaseOfTheSdkFilePasses() throws IOException {
    JsonNode file = sdkFile();
    assertThat(suite.recognizes(file)).isTrue();

    List<CaseResult> results = suite.run(file);

    assertThat(failures(results)).isEmpty();
    // 3 identities: document, proof, signing-input, 3 keys each; k1-path adds key-binding; 9 tampered
    assertThat(results).hasSize(3 * 6 + 1 + 9);
    assertThat(results).extracting(CaseResult::id).contains("e1-root/proof", "k1-path/key-binding",
        "legacy-root/keys/key-3", "k1-path/proof-value-bit-flip");
  }

  @Test
  void detectsAFileThatDisagreesWithUs() throws IOException {
    ObjectNode file = (ObjectNode) sdkFile();
    ObjectNode firstTampered = (ObjectNode) file.get("tampered_documents").get(0);
    ((ObjectNode) firstTampered.get("expected")).put("proof", "valid");
    ObjectNode identity = (ObjectNode) file.get("identities").get(1);
    ((ObjectNode) identity.get("proof").get("signing_input")).put("to_be_signed_hex", "00");
    ((ObjectNode) identity.get("keys").get("key-2")).put("public_key_compressed_hex", "02ab");
    ObjectNode document = (ObjectNode) file.get("identities").get(2).get("did_document");
    ((ObjectNode) document.get("proof")).put("created", "2020-01-01T00:00:00Z");
    ((ObjectNode) file.get("identities").get(0)).put("did_document_url", "https://elsewhere.example/did.json");

    List<CaseResult> failed = failures(suite.run(file));

    assertThat(failed).extracting(CaseResult::id).containsExactlyInAnyOrder(
        firstTampered.get("id").asText(),
        identity.get("name").asText() + "/signing-input",
        identity.get("name").asText() + "/keys/key-2",
        "legacy-root/proof",
        "legacy-root/signing-input",
        "e1-root/document");
    assertThat(failed).allSatisfy(r -> assertThat(r.reason()).isNotBlank());
  }

  @Test
  void emittedFilePassesAndCoversEveryLayout() {
    Clock clock = Clock.fixed(Instant.parse("2026-02-03T04:05:06Z"), ZoneOffset.UTC);
    JsonNode emitted = suite.emit(new SecureRandom(), clock);

    assertThat(suite.recognizes(emitted)).isTrue();
    List<CaseResult> results = suite.run(emitted);
    assertThat(failures(results)).isEmpty();
    assertThat(emitted.get("identities")).hasSize(8);
    assertThat(emitted.get("tampered_documents")).hasSize(24);
    assertThat(results.stream().filter(r -> r.id().endsWith("/key-binding")).count()).isEqualTo(2);
    assertThat(emitted.toString()).contains("%3A8443", "e1_", "k1_", "ecdsa-jcs-2019", "EcdsaSecp256k1Signature2019");
    assertThat(suite.emitFileName()).isEqualTo("did-documents.json");
  }

  @Test
  void recognizesOnlyItsFormat() {
    ObjectMapper mapper = new ObjectMapper();
    assertThat(suite.recognizes(mapper.createObjectNode())).isFalse();
    assertThat(suite.recognizes(mapper.createArrayNode())).isFalse();
    ObjectNode half = mapper.createObjectNode();
    half.putArray("identities");
    assertThat(suite.recognizes(half)).isFalse();
    half.putArray("tampered_documents");
    assertThat(suite.recognizes(half)).isTrue();
    assertThat(ConformanceSuites.all()).anyMatch(s -> s instanceof DidDocumentsSuite);
  }

  @Test
  void brokenEntriesAreFailedCasesNotCrashes() {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode file = mapper.createObjectNode();
    file.putArray("identities").addObject().put("name", "junk");
    file.putArray("tampered_documents").addObject().put("id", "junk/tampered");

    List<CaseResult> results = suite.run(file);

    assertThat(results).isNotEmpty().allSatisfy(r -> assertThat(r.passed()).isFalse());
  }
}
