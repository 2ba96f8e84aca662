package org.anp.benchmarks.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JmhRunTest {
  @Test
  void defaultsApplyWhereNothingIsGiven() {
    JmhRun run = JmhRun.parse(new String[0], Map.of("--connections", 10_000));
    assertThat(run).isEqualTo(new JmhRun(1, 3, 5, 2, Map.of("--connections", 10_000)));
  }

  @Test
  void givenValuesReplaceTheDefaultsOfSharedAndOwnOptions() {
    JmhRun run = JmhRun.parse(new String[] {"--seconds", "7", "--connections", "50", "--forks", "0"},
        Map.of("--connections", 10_000));
    assertThat(run.forks()).isZero();
    assertThat(run.warmups()).isEqualTo(3);
    assertThat(run.iterations()).isEqualTo(5);
    assertThat(run.seconds()).isEqualTo(7);
    assertThat(run.extra("--connections")).isEqualTo(50);
  }

  @Test
  void anUnknownOptionAMissingValueOrANonNumberIsRefused() {
    assertThatThrownBy(() -> JmhRun.parse(new String[] {"--connections", "5"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option --connections");
    assertThatThrownBy(() -> JmhRun.parse(new String[] {"--forks"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> JmhRun.parse(new String[] {"--forks", "two"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole number");
  }

  @Test
  void theJmhOptionsCarryTheSettings() {
    var options = JmhRun.parse(new String[] {"--iterations", "9", "--seconds", "4"}, Map.of()).options()
        .include("x").build();
    assertThat(options.getMeasurementIterations().get()).isEqualTo(9);
    assertThat(options.getMeasurementTime().get().getTime()).isEqualTo(4);
    assertThat(options.getWarmupIterations().get()).isEqualTo(3);
    assertThat(options.getForkCount().get()).isEqualTo(1);
    assertThat(options.shouldFailOnError().get()).isTrue();
  }
}
