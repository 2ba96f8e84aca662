package org.anp.benchmarks.negotiation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A few interleaved rounds of row B: all four bodies run, are checked, and give sane quantiles. */
class RowBInterleavedTest {
  @Test
  void measuresBothBodiesInTurnAndReportsTheirRatio() throws Exception {
    RowBInterleaved.Result result = RowBInterleaved.measure(9, 20); // 20 checked warm-up round trips of each body first
    assertThat(result.rounds()).isEqualTo(6);
    for (RowBInterleaved.Quantiles q : new RowBInterleaved.Quantiles[] {result.reused(), result.plain(), result.plainJson(), result.unsettled()}) {
      assertThat(q.p10()).isPositive().isLessThanOrEqualTo(q.p25());
      assertThat(q.p25()).isLessThanOrEqualTo(q.median());
    }
    assertThat(result.describe()).contains("ratio to bytes: median ").contains("ratio to JSON:  median ").contains("(6 interleaved rounds)")
        .contains("row B on an unsettled session");
  }
}
