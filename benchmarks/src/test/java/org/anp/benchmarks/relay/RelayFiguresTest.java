package org.anp.benchmarks.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The ratios and the goal verdicts of the relay table. */
class RelayFiguresTest {
  private static final IdleConnections.Result IDLE =
      new IdleConnections.Result(10_000, 10_000, 40L << 20, 140L << 20, 512L << 20);

  @Test
  void ratiosAreRelayOverBare() {
    RelayFigures f = new RelayFigures(9_000, 10_000, 130, 100, 300, 200, IDLE);

    assertThat(f.throughputRatio()).isCloseTo(0.9, within(1e-9));
    assertThat(f.p50Ratio()).isCloseTo(1.3, within(1e-9));
    assertThat(f.p99Ratio()).isCloseTo(1.5, within(1e-9));
    assertThat(IDLE.bytesPerConnection()).isCloseTo(10_485.76, within(1e-6));
    assertThat(f.markdown())
        .contains("| 0.90x | >= 0.8x | yes |")
        .contains("| 1.30x | <= 1.3x | yes |")
        .contains("| 1.50x | <= 1.5x | yes |")
        .contains("10000 of 10000 open")
        .contains("10486 bytes per connection");
  }

  @Test
  void missedGoalsSayNo() {
    IdleConnections.Result short1 = new IdleConnections.Result(10_000, 9_999, 40L << 20, 140L << 20, 512L << 20);
    IdleConnections.Result bigHeap = new IdleConnections.Result(10_000, 10_000, 40L << 20, 140L << 20, 1024L << 20);
    RelayFigures f = new RelayFigures(7_999, 10_000, 131, 100, 151, 100, short1);

    assertThat(f.markdown()).contains("| 0.80x | >= 0.8x | no |").contains("| 1.31x | <= 1.3x | no |")
        .contains("| 1.51x | <= 1.5x | no |");
    assertThat(f.idleMeetsGoal()).isFalse();
    assertThat(new RelayFigures(1, 1, 1, 1, 1, 1, bigHeap).idleMeetsGoal()).isFalse();
    assertThat(new RelayFigures(1, 1, 1, 1, 1, 1, IDLE).idleMeetsGoal()).isTrue();
  }
}
