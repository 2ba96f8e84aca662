package org.anp.transport.internal.messenger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(3));

  @Test
  void stepsDoubleUntilTheCap() {
    assertThat(backoff.step(0)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.step(1)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.step(4)).isEqualTo(Duration.ofMillis(1600));
    assertThat(backoff.step(5)).isEqualTo(Duration.ofSeconds(3));
    assertThat(backoff.step(62)).isEqualTo(Duration.ofSeconds(3));
    assertThat(backoff.step(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void delaysStayBetweenHalfTheStepAndTheStepAndVary() {
    Random random = new Random(42);
    Set<Duration> seen = new HashSet<>();
    for (int attempt = 0; attempt < 10; attempt++) {
      Duration step = backoff.step(attempt);
      for (int i = 0; i < 200; i++) {
        Duration d = backoff.delay(attempt, random);
        assertThat(d).isBetween(step.dividedBy(2), step);
        seen.add(d);
      }
    }
    assertThat(seen).hasSizeGreaterThan(100);
  }

  @Test
  void aOneNanosecondStepStillWorks() {
    Backoff tiny = new Backoff(Duration.ofNanos(1), Duration.ofNanos(1));
    assertThat(tiny.delay(0, new Random(1))).isBetween(Duration.ZERO, Duration.ofNanos(1));
  }

  @Test
  void rejectsBadBounds() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> backoff.step(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
