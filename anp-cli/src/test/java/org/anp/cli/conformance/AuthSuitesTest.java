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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The four DID-authentication suites: the SDK's files, our own emitted files, and disagreement. */
class AuthSuitesTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC);

  private static JsonNode vectors(String name) throws IOException {
    try (InputStream in = AuthSuitesTest.class.getResourceAsStream("/vectors/conformance/did-wba/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new ObjectMapper().readTree(in);
    }
  }

  private static List<CaseResult> failures(List<CaseResult> results) {
    return results.stream().filter(r -> !r.passed()).toList();
  }

  @Test
  void sdkAuthHeadersPassWithTheSdkDocuments() throws IOException {
    JsonNode file = vectors("auth-headers.json");
    AuthHeadersSuite suite = new AuthHeadersSuite();
    assertThat(suite.recognizes(file)).isTrue();
    List<CaseResult> results = suite.run(file, vectors("did-documents.json"));
    assertThat(failures(results)).isEmpty();
    assertThat(results).hasSize(46);
    // without documents every case fails, naming why
    assertThat(suite.run(file)).allSatisfy(r -> assertThat(r.reason()).contains("did-documents.json"));
  }

  @Test
  void sdkHttpSignaturesPassWithTheSdkDocuments() throws IOException {
    JsonNode file = vectors("http-signatures.json");
    HttpSignaturesSuite suite = new HttpSignaturesSuite();
    assertThat(suite.recognizes(file)).isTrue();
    assertThat(new AuthHeadersSuite().recognizes(file)).isFalse();
    List<CaseResult> results = suite.run(file, vectors("did-documents.json"));
    assertThat(failures(results)).isEmpty();
    assertThat(results).hasSize(21);
  }

  @Test
  void sdkAuthJsonPassesWithTheSdkDocuments() throws IOException {
    JsonNode file = vectors("auth-json.json");
    AuthJsonSuite suite = new AuthJsonSuite();
    assertThat(suite.recognizes(file)).isTrue();
    assertThat(new AuthHeadersSuite().recognizes(file)).isFalse();
    List<CaseResult> results = suite.run(file, vectors("did-documents.json"));
    assertThat(failures(results)).isEmpty();
    assertThat(results).hasSize(file.path("cases").size()).hasSize(9);
  }

  @Test
  void authJsonDisagreementAndBrokenLoginsAreReportedPerCase() throws IOException {
    ObjectNode file = (ObjectNode) vectors("auth-json.json");
    ((ObjectNode) file.get("cases").get(0)).put("expected_signature", "invalid");
    ((ObjectNode) file.get("cases").get(1)).put("expected_signature", "valid");
    ObjectNode noV = (ObjectNode) file.get("cases").get(3);
    noV.put("auth_json", noV.path("auth_json").asText().replace("\"v\": \"1.1\", ", ""));
    ObjectNode notJson = (ObjectNode) file.get("cases").get(6);
    notJson.put("auth_json", "{\"did\": ");
    notJson.put("expected_signature", "valid");
    ((ObjectNode) file.get("cases").get(7)).put("expected_signature", "maybe");
    List<CaseResult> failed = failures(new AuthJsonSuite().run(file, vectors("did-documents.json")));
    // a login without v is read as 1.1, so k1-path/valid still verifies
    assertThat(failed).extracting(CaseResult::id)
        .containsExactly("e1-root/valid", "e1-root/wrong-domain", "legacy-root/valid", "legacy-root/wrong-domain");
    assertThat(failed.get(3).reason()).contains("expected_signature: must be valid or invalid");
  }

  @Test
  void aHeaderSignedByAKeyOutsideAuthenticationIsAValidSignatureAndAnInvalidRequest() {
    JsonNode file = new AuthHeadersSuite().emit(new SecureRandom(), CLOCK);
    JsonNode c = caseOf(file, "alice/invalid/wrong-verification-method");
    assertThat(c.path("expected").path("signature").asText()).isEqualTo("valid");
    assertThat(c.path("expected").path("request").asText()).isEqualTo("invalid");
    assertThat(c.path("signing_key_fragment").asText()).isEqualTo("key-2");
    JsonNode swapped = caseOf(file, "alice/invalid/verification-method-swapped");
    assertThat(swapped.path("expected").path("signature").asText()).isEqualTo("invalid");
    // the runner's signature verdict is the cryptographic check alone: relabelling either fails
    ObjectNode relabelled = file.deepCopy();
    for (JsonNode each : relabelled.path("cases")) {
      if (each.path("id").asText().equals("alice/invalid/wrong-verification-method")) {
        ((ObjectNode) each.get("expected")).put("signature", "invalid");
      }
    }
    assertThat(failures(new AuthHeadersSuite().run(relabelled))).extracting(CaseResult::id)
        .containsExactly("alice/invalid/wrong-verification-method");
  }

  // Decision 0013: the sdk-unsupported category names a method the SDK cannot use; one we can use
  // must pass as a valid header, whatever the SDK's labels say.
  @Test
  void anSdkUnsupportedCaseOfAMethodWeSupportMustVerify() throws IOException {
    ObjectNode file = (ObjectNode) vectors("auth-headers.json");
    ObjectNode c = (ObjectNode) file.get("cases").get(0);
    c.put("id", "e1-root/sdk-unsupported/key-1");
    ((ObjectNode) c.get("expected")).put("signature", "invalid").put("request", "invalid");
    ObjectNode tampered = (ObjectNode) file.get("cases").get(5);
    tampered.put("id", "e1-root/sdk-unsupported/tampered");
    List<CaseResult> results = new AuthHeadersSuite().run(file, vectors("did-documents.json"));
    assertThat(failures(results)).extracting(CaseResult::id).containsExactly("e1-root/sdk-unsupported/tampered");
  }

  private static JsonNode caseOf(JsonNode file, String id) {
    for (JsonNode c : file.path("cases")) {
      if (c.path("id").asText().equals(id)) {
        return c;
      }
    }
    throw new AssertionError("no case " + id);
  }

  @Test
  void disagreementIsReportedPerCase() throws IOException {
    ObjectNode file = (ObjectNode) vectors("auth-headers.json");
    ((ObjectNode) file.get("cases").get(0).get("expected")).put("request", "invalid");
    ((ObjectNode) file.get("cases").get(5).get("expected")).put("signature", "valid");
    List<CaseResult> failed = failures(new AuthHeadersSuite().run(file, vectors("did-documents.json")));
    assertThat(failed).extracting(CaseResult::id)
        .containsExactly("e1-root/valid/api.example.com", "e1-root/invalid/tampered-signature");
    ObjectNode http = (ObjectNode) vectors("http-signatures.json");
    ((ObjectNode) http.get("cases").get(6).get("expected")).put("request", "valid");
    assertThat(failures(new HttpSignaturesSuite().run(http, vectors("did-documents.json"))))
        .extracting(CaseResult::id).containsExactly("e1-root/invalid/expired");
  }

  @Test
  void emittedFilesRunCleanAndHoldValidAndInvalidCases() {
    List<ConformanceSuite> suites =
        List.of(new AuthHeadersSuite(), new HttpSignaturesSuite(), new AuthJsonSuite(), new AccessTokensSuite());
    for (ConformanceSuite suite : suites) {
      JsonNode file = suite.emit(new SecureRandom(), CLOCK);
      assertThat(suite.recognizes(file)).as(suite.name()).isTrue();
      assertThat(suites.stream().filter(s -> s.recognizes(file)).toList()).as(suite.name()).containsExactly(suite);
      List<CaseResult> results = suite.run(file);
      assertThat(failures(results)).as(suite.name()).isEmpty();
      assertThat(results.size()).as(suite.name()).isGreaterThan(3);
      List<String> verdicts = new ArrayList<>(file.findValuesAsText("label"));
      verdicts.addAll(file.findValuesAsText("expected_signature"));
      assertThat(verdicts).as(suite.name()).anyMatch(v -> v.endsWith("-valid") || v.equals("valid"))
          .anyMatch(v -> v.endsWith("invalid"));
    }
  }

  @Test
  void emittedAuthHeadersCoverEveryKeyTypeAndTheReplayPair() {
    JsonNode file = new AuthHeadersSuite().emit(new SecureRandom(), CLOCK);
    assertThat(file.path("reference_time").asText()).isEqualTo("2026-03-04T05:06:07Z");
    assertThat(file.path("identities")).hasSize(3);
    assertThat(file.findValuesAsText("signing_key_type")).contains("Ed25519", "secp256k1", "P-256");
    assertThat(file.findValuesAsText("id")).contains("alice/valid/replay-first-use", "alice/invalid/replay-second-use",
        "carol/invalid/wrong-verification-method");
    ObjectNode broken = file.deepCopy();
    ((ObjectNode) broken.get("cases").get(0)).put("authorization_header", "DIDWba nonsense");
    assertThat(failures(new AuthHeadersSuite().run(broken))).hasSize(1);
    // labelled as what it is, an unparseable header is an invalid signature and an invalid request
    ((ObjectNode) broken.get("cases").get(0).get("expected")).put("signature", "invalid").put("request", "invalid");
    assertThat(failures(new AuthHeadersSuite().run(broken))).isEmpty();
  }
}
