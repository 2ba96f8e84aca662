package org.anp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks the ratio arithmetic and the row matching of the report on hand-made JMH results. */
class BenchmarkReportTest {
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void ratioIsBaselineTimeOverSubjectTimeWithErrorRange() {
    ArrayNode results = mapper.createArrayNode();
    results.add(result("E2eMessageBenchmark.anpMessage", Map.of(), 10.0, 1.0, "us/op"));
    results.add(result("E2eMessageBenchmark.rawJacksonAesGcm", Map.of(), 8.0, 0.0, "us/op"));

    String table = BenchmarkReport.table(results);

    String line = line(table, "1 KiB message");
    // 8 / 10 = 0.80, range 8 / 11 = 0.73 to 8 / 9 = 0.89; goal 0.6 met.
    assertThat(line).contains("| 0.80× [0.73–0.89] | 0.80× | yes | 10.0 (10.0) vs 8.00 (8.00) |");
  }

  @Test
  void missedGoalIsMarkedAndParametersSelectTheRow() {
    ArrayNode results = mapper.createArrayNode();
    results.add(result("DidWbaAuthBenchmark.headerVerify", Map.of("keyType", "P-256"), 100.0, 0.0, "us/op"));
    results.add(result("DidWbaAuthBenchmark.rawVerify", Map.of("keyType", "P-256"), 80.0, 0.0, "us/op"));
    results.add(result("DidWbaAuthBenchmark.headerVerify", Map.of("keyType", "Ed25519"), 50.0, 0.0, "us/op"));
    results.add(result("DidWbaAuthBenchmark.rawVerify", Map.of("keyType", "Ed25519"), 49.0, 0.0, "us/op"));

    String table = BenchmarkReport.table(results);

    assertThat(line(table, "cached, P-256")).contains("| 0.80× [0.80–0.80] | 0.80× | **no** |");
    assertThat(line(table, "cached, Ed25519")).contains("| 0.98× [0.98–0.98] | 0.98× | yes |");
    assertThat(line(table, "cached, secp256k1")).contains("| not run |");
  }

  @Test
  void goalIsJudgedOnTheBestIterations() {
    ArrayNode results = mapper.createArrayNode();
    ObjectNode header = (ObjectNode) result("DidWbaAuthBenchmark.headerVerify", Map.of("keyType", "P-256"), 120.0, 50.0, "us/op");
    ((ObjectNode) header.get("primaryMetric")).putArray("rawData").addArray().add(100.0).add(140.0);
    ObjectNode raw = (ObjectNode) result("DidWbaAuthBenchmark.rawVerify", Map.of("keyType", "P-256"), 90.0, 0.0, "us/op");
    ((ObjectNode) raw.get("primaryMetric")).putArray("rawData").addArray().add(90.0).add(90.0);
    results.add(header);
    results.add(raw);

    // Means: 90 / 120 = 0.75; best iterations: 90 / 100 = 0.90, above the 0.85 goal.
    assertThat(line(BenchmarkReport.table(results), "cached, P-256"))
        .contains("| 0.75× [0.53–1.29] | 0.90× | yes | 120 (100) vs 90.0 (90.0) |");
  }

  @Test
  void rangeIsUnboundedWhenTheSubjectErrorReachesZero() {
    ArrayNode results = mapper.createArrayNode();
    results.add(result("E2eMessageBenchmark.anpMessage", Map.of(), 10.0, 12.0, "us/op"));
    results.add(result("E2eMessageBenchmark.rawJacksonAesGcm", Map.of(), 8.0, 9.0, "us/op"));

    assertThat(line(BenchmarkReport.table(results), "1 KiB message")).contains("| 0.80× [0.00–∞] |");
  }

  @Test
  void diagnosticRowHasNoGoal() {
    ArrayNode results = mapper.createArrayNode();
    results.add(result("E2eHandshakeBenchmark.anpHandshake", Map.of("didMethod", "did:all"), 1000.0, 0.0, "us/op"));
    results.add(result("E2eHandshakeBenchmark.barePrimitivesFreshHelloKeys", Map.of(), 900.0, 0.0, "us/op"));

    assertThat(line(BenchmarkReport.table(results), "diagnostic"))
        .contains("as the engine does | — | 0.90× [0.90–0.90] | 0.90× | — |");
  }

  @Test
  void providerTableNamesTheFasterProviderAndChecksTheChoice() {
    ArrayNode results = mapper.createArrayNode();
    results.add(result("ProviderBenchmark.jdkP256Ecdh", Map.of(), 500.0, 0.0, "us/op"));
    results.add(result("ProviderBenchmark.bcP256Ecdh", Map.of(), 100.0, 0.0, "us/op"));
    results.add(result("ProviderBenchmark.jdkHmacSha256", Map.of(), 2.0, 0.0, "us/op"));
    results.add(result("ProviderBenchmark.bcHmacSha256", Map.of(), 1.0, 0.0, "us/op"));

    String table = BenchmarkReport.providerTable(results);

    assertThat(line(table, "| P-256 ECDH |")).contains("| 500 | 100 | 5.00 | BC | BC | yes |");
    // The project uses the JDK for HMAC; a faster BouncyCastle would make the choice wrong.
    assertThat(line(table, "HMAC")).contains("| 2.00 | 1.00 | 2.00 | BC | JDK | **no** |");
    assertThat(line(table, "key generation")).contains("| not run |");
  }

  @Test
  void rowsWithoutResultsSayNotRun() {
    String table = BenchmarkReport.table(mapper.createArrayNode());

    assertThat(table.lines().filter(l -> l.contains("| not run |"))).hasSize(BenchmarkReport.ROWS.size());
  }

  @Test
  void otherUnitsAreRefused() {
    ArrayNode results = mapper.createArrayNode();
    results.add(result("E2eMessageBenchmark.anpMessage", Map.of(), 10.0, 1.0, "ops/s"));
    results.add(result("E2eMessageBenchmark.rawJacksonAesGcm", Map.of(), 8.0, 0.0, "us/op"));

    assertThatThrownBy(() -> BenchmarkReport.table(results))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ops/s");
  }

  private JsonNode result(String benchmark, Map<String, String> params, double score, double error, String unit) {
    ObjectNode result = mapper.createObjectNode();
    result.put("benchmark", "org.anp.benchmarks." + benchmark);
    result.put("mode", "avgt");
    ObjectNode p = result.putObject("params");
    params.forEach(p::put);
    ObjectNode metric = result.putObject("primaryMetric");
    metric.put("score", score);
    metric.put("scoreError", error);
    metric.put("scoreUnit", unit);
    return result;
  }

  private static String line(String table, String marker) {
    return table.lines().filter(l -> l.contains(marker)).findFirst().orElseThrow();
  }
}
