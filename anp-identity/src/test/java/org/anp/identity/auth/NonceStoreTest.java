package org.anp.identity.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.internal.auth.InMemoryNonceStore;
import org.anp.identity.limits.MetricsRegistry;
import org.anp.identity.limits.PrometheusText;
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
  void onlyStoresThatSayItAreNonBlocking() {
    assertThat(NonceStore.inMemory(10, TTL).nonBlocking()).isTrue();
    assertThat(NonceStore.inMemoryBuilder().build().nonBlocking()).isTrue();
    NonceStore undeclared = new NonceStore() {
      @Override
      public Duration retention() {
        return TTL;
      }

      @Override
      public boolean contains(String did, String nonce, Instant now) {
        return false;
      }

      @Override
      public boolean recordIfAbsent(String did, String nonce, Instant expiresAt) {
        return true;
      }
    };
    assertThat(undeclared.nonBlocking()).isFalse();
    DidWbaVerifier.Builder verifier = DidWbaVerifier.builder()
        .resolver(did -> java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException()))
        .audience("example.com");
    assertThat(verifier.build().verifiesSignaturesWithoutBlocking()).isTrue();
    assertThat(verifier.nonceStore(undeclared).build().verifiesSignaturesWithoutBlocking()).isFalse();
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

  @Test
  void perDidQuotaRefusesOnlyThatDidAtTheLimitPlusOne() {
    MetricsRegistry metrics = MetricsRegistry.create();
    NonceStore store = NonceStore.inMemoryBuilder()
        .maxEntries(100).maxEntriesPerDid(3).retention(TTL).metrics(metrics, "t").build();
    for (int i = 0; i < 3; i++) {
      store.checkQuota("did:x:flood", T0);
      assertThat(store.recordIfAbsent("did:x:flood", "n" + i, T0.plus(TTL))).isTrue();
    }
    assertThat(code(() -> store.checkQuota("did:x:flood", T0))).isEqualTo(IdentityError.AUTH_NONCE_QUOTA_EXCEEDED);
    assertThat(code(() -> store.recordIfAbsent("did:x:flood", "n3", T0.plus(TTL))))
        .isEqualTo(IdentityError.AUTH_NONCE_QUOTA_EXCEEDED);
    assertThat(IdentityError.AUTH_NONCE_QUOTA_EXCEEDED.httpStatus()).isEqualTo(429);
    store.checkQuota("did:x:other", T0);
    assertThat(store.recordIfAbsent("did:x:other", "n0", T0.plus(TTL))).isTrue();
    // the flood's nonces expire, and the DID is served again
    assertThat(store.recordIfAbsent("did:x:flood", "n3", T0.plus(TTL).plus(TTL))).isTrue();
    assertThat(PrometheusText.render(metrics)).contains("anp_limit_refusals_total{limit=\"t_per_did\"} 2");
  }

  @Test
  void fullStoreBlocksTheHeaviestDidAndKeepsServingTheOthers() {
    NonceStore store = NonceStore.inMemoryBuilder().maxEntries(10).maxEntriesPerDid(6).retention(TTL).build();
    Instant exp = T0.plus(TTL);
    for (int i = 0; i < 6; i++) {
      assertThat(store.recordIfAbsent("did:x:heavy", "h" + i, exp)).isTrue();
    }
    for (int i = 0; i < 4; i++) {
      assertThat(store.recordIfAbsent("did:x:mid", "m" + i, exp)).isTrue();
    }
    // full: the caller is not the heaviest, so the heaviest DID is blocked to make room
    assertThat(store.recordIfAbsent("did:x:light", "l0", exp)).isTrue();
    assertThat(((InMemoryNonceStore) store).size()).isEqualTo(6);
    assertThat(code(() -> store.checkQuota("did:x:heavy", T0))).isEqualTo(IdentityError.AUTH_NONCE_QUOTA_EXCEEDED);
    // a blocked DID cannot replay its forgotten nonces: it is refused outright until they expire
    assertThat(code(() -> store.recordIfAbsent("did:x:heavy", "h0", exp))).isEqualTo(IdentityError.AUTH_NONCE_QUOTA_EXCEEDED);
    for (int i = 1; i < 5; i++) {
      assertThat(store.recordIfAbsent("did:x:light", "l" + i, exp)).isTrue();
    }
    // full again, and now "mid" (4) and "light" (5) remain: light is the heaviest and is refused
    assertThat(code(() -> store.recordIfAbsent("did:x:light", "l5", exp))).isEqualTo(IdentityError.AUTH_NONCE_STORE_FULL);
    store.checkQuota("did:x:heavy", exp);
    assertThat(store.recordIfAbsent("did:x:heavy", "h0", exp.plus(TTL))).isTrue();
  }

  @Test
  void byteBoundCountsLongNoncesAndRefusesTheHeaviest() {
    long oneEntry = InMemoryNonceStore.ENTRY_OVERHEAD_BYTES + 2L * ("did:x:a".length() + 100 + 1);
    NonceStore store = NonceStore.inMemoryBuilder()
        .maxEntries(1000).maxEntriesPerDid(1000).maxBytes(3 * oneEntry).retention(TTL).build();
    String big = "n".repeat(99);
    for (int i = 0; i < 3; i++) {
      assertThat(store.recordIfAbsent("did:x:a", big + i, T0.plus(TTL))).isTrue();
    }
    assertThat(code(() -> store.recordIfAbsent("did:x:a", big + "3", T0.plus(TTL))))
        .isEqualTo(IdentityError.AUTH_NONCE_STORE_FULL);
    assertThat(store.recordIfAbsent("did:x:b", "short", T0.plus(TTL))).isTrue();
    assertThat(code(() -> store.checkQuota("did:x:a", T0))).isEqualTo(IdentityError.AUTH_NONCE_QUOTA_EXCEEDED);
  }

  @Test
  void builderRejectsInconsistentLimits() {
    assertThatThrownBy(() -> NonceStore.inMemoryBuilder().maxEntries(10).maxEntriesPerDid(11).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NonceStore.inMemoryBuilder().maxBytes(10).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static IdentityError code(Runnable r) {
    try {
      r.run();
    } catch (IdentityException e) {
      return e.code();
    }
    throw new AssertionError("no IdentityException");
  }
}
