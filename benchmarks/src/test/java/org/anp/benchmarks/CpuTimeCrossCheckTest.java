package org.anp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Runs the cross-check for one round and checks it measured every body of the ratio table. */
class CpuTimeCrossCheckTest {

  @Test
  void everyRowOfTheTableIsMeasured() throws Exception {
    JsonNode results = CpuTimeCrossCheck.measure(1);

    assertThat(results).hasSize(14);
    for (JsonNode result : results) {
      assertThat(result.path("primaryMetric").path("score").asDouble())
          .as(result.path("benchmark").asText())
          .isPositive();
    }
    String table = BenchmarkReport.table(results);
    assertThat(table).doesNotContain("not run");
    assertThat(table.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| what"))).hasSize(BenchmarkReport.ROWS.size());
  }
}
