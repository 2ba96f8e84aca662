package org.anp.identity.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.anp.identity.conformance.Anp02V12Conformance.CaseOutcome;
import org.anp.identity.conformance.Anp02V12Conformance.Verdict;
import org.anp.identity.json.StrictJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every case of the official ANP-02 1.2 vectors (test resources {@code
 * vectors/conformance/anp-02-v1.2/}): 112 byte vectors and 74 authentication, json-carriage, token
 * and method-evidence scenarios. Before ANP 1.2 support the library passed 92 and failed 80 (14 not
 * applicable); now every applicable case passes.
 */
class Anp02V12ConformanceTest {
  private static JsonNode identities;
  private static JsonNode bytes;
  private static JsonNode scenarios;

  @BeforeAll
  static void load() throws IOException {
    identities = read("identities.json");
    bytes = read("byte-vectors.json");
    scenarios = read("scenario-vectors.json");
  }

  private static JsonNode read(String name) throws IOException {
    try (InputStream in = Anp02V12ConformanceTest.class.getResourceAsStream(
        "/vectors/conformance/anp-02-v1.2/" + name)) {
      return StrictJson.parse(in.readAllBytes(), 1 << 20);
    }
  }

  @Test
  void filesAreRecognizedByTheirShape() {
    assertThat(Anp02V12Conformance.isIdentities(identities)).isTrue();
    assertThat(Anp02V12Conformance.isByteVectors(bytes)).isTrue();
    assertThat(Anp02V12Conformance.isScenarios(scenarios)).isTrue();
    assertThat(Anp02V12Conformance.isByteVectors(scenarios) || Anp02V12Conformance.isScenarios(identities)
        || Anp02V12Conformance.isIdentities(bytes)).isFalse();
  }

  @Test
  void everyApplicableByteVectorPasses() {
    List<CaseOutcome> results = Anp02V12Conformance.of(identities, bytes, scenarios).runByteVectors();
    assertThat(results).hasSize(112);
    assertThat(results).filteredOn(r -> r.verdict() == Verdict.FAILED).isEmpty();
    assertThat(results).filteredOn(r -> r.verdict() == Verdict.NOT_APPLICABLE)
        .allSatisfy(r -> assertThat(r.id()).startsWith("P5-AEAD-"))
        .allSatisfy(r -> assertThat(r.reason()).contains("P5"))
        .hasSize(12);
  }

  @Test
  void everyApplicableScenarioGivesTheExpectedOutcomeAndError() {
    List<CaseOutcome> results = Anp02V12Conformance.of(identities, bytes, scenarios).runScenarios();
    assertThat(results).hasSize(74);
    assertThat(results).filteredOn(r -> r.verdict() == Verdict.FAILED).isEmpty();
    assertThat(results).filteredOn(r -> r.verdict() == Verdict.NOT_APPLICABLE)
        .allSatisfy(r -> assertThat(r.reason()).isNotBlank())
        .extracting(CaseOutcome::id)
        .containsExactlyInAnyOrder("JSON-wba-UNBOUND-TRANSPORT", "JSON-web-UNBOUND-TRANSPORT", "TOKEN-wba-AUDIENCE",
            "TOKEN-wba-SCOPE", "TOKEN-web-AUDIENCE", "TOKEN-web-SCOPE");
  }

  @Test
  void everyIdentityResolvesWithItsMethodsEvidence() {
    List<CaseOutcome> results = Anp02V12Conformance.of(identities, bytes, scenarios).runIdentities();
    assertThat(results).hasSize(10).allSatisfy(r -> assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASSED));
  }

  @Test
  void aMissingCompanionFileFailsTheCasesThatNeedItNamingIt() {
    List<CaseOutcome> results = Anp02V12Conformance.of(null, bytes, null).runScenarios();
    assertThat(results).isEmpty();
    List<CaseOutcome> http = Anp02V12Conformance.of(null, bytes, null).runByteVectors();
    assertThat(http).filteredOn(r -> r.id().equals("HTTP-wba-POST")).singleElement()
        .satisfies(r -> assertThat(r.verdict()).isEqualTo(Verdict.FAILED));
  }
}
