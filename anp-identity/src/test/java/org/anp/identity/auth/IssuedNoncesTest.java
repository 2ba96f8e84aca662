package org.anp.identity.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IssuedNoncesTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void aFullTableForgetsTheOldestInsteadOfRefusingEveryone() {
    AtomicInteger n = new AtomicInteger();
    IssuedNonces nonces = IssuedNonces.create(CLOCK, Duration.ofMinutes(2), 3, () -> "c" + n.getAndIncrement());
    for (int i = 0; i < 3; i++) {
      nonces.issue();
    }
    assertThat(nonces.forgottenCount()).isZero();
    // a flood of unauthenticated challenges: each new caller still gets a usable nonce
    String fresh = nonces.issue();
    assertThat(nonces.forgottenCount()).isEqualTo(1);
    assertThat(nonces.isOutstanding("c0")).isFalse();
    assertThat(nonces.isOutstanding("c1")).isTrue();
    assertThat(nonces.consume(fresh)).isTrue();
    assertThat(nonces.consume(fresh)).isFalse();
    assertThat(nonces.consume("c0")).isFalse();
  }
}
