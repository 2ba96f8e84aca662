package org.anp.identity.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.internal.auth.InMemoryNonceStore;
import org.junit.jupiter.api.Test;

class NonceStoreTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration TTL = Duration.ofMinutes(6);

  @Test
  void recordsOncePerDidAndForgetsAfterTheTtl() {
    NonceStore store = NonceStore.inMemory(10, TTL);
    assertThat(store.retention()).isEqualTo(TTL);
    assertThat(store.recordIfAbsent("did:x:a", "n", T0.plus(TTL))).isTrue();
    assertThat(store.contains("did:x:a", "n", T0)).isTrue();
    assertThat(store.contains("did:x:b", "n", T0)).isFalse();
    assertThat(store.recordIfAbsent("did:x:a", "n", T0.plus(TTL))).isFalse();
    assertThat(store.recordIfAbsent("did:x:b", "n", T0.plus(TTL))).isTrue();
    assertThat(store.contains("did:x:a", "n", T0.plus(TTL))).isFalse();
    assertThat(store.recordIfAbsent("did:x:a", "n", T0.plus(TTL).plus(TTL))).isTrue();
    assertThat(((InMemoryNonceStore) store).size()).isEqualTo(1);
  }

  @Test
  void fullStoreRefusesAtTheLimitPlusOne() {
    NonceStore store = NonceStore.inMemory(3, TTL);
    for (int i = 0; i < 3; i++) {
      assertThat(store.recordIfAbsent("did:x:a", "n" + i, T0.plus(TTL))).isTrue();
    }
    assertThat(store.recordIfAbsent("did:x:a", "n0", T0.plus(TTL))).isFalse();
    assertThatThrownBy(() -> store.recordIfAbsent("did:x:a", "n3", T0.plus(TTL)))
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.AUTH_NONCE_STORE_FULL));
    assertThat(store.recordIfAbsent("did:x:a", "n3", T0.plus(TTL).plus(TTL))).isTrue();
    assertThatThrownBy(() -> NonceStore.inMemory(0, TTL)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NonceStore.inMemory(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }
}
