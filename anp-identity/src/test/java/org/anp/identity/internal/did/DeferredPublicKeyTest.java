package org.anp.identity.internal.did;

import static org.anp.identity.did.TestKeys.P256_UNCOMPRESSED_HEX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Hex;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PublicKeyMaterial;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeferredPublicKeyTest {
  private static final int THREADS = 4;
  private static final byte[] P256 = Hex.decode(P256_UNCOMPRESSED_HEX);
  // y = 2^255 - 1 is not below the field prime: the right length, no Ed25519 point.
  private static final byte[] NOT_ED25519 = Hex.decode("ff".repeat(31) + "7f");

  private static ExecutorService pool;

  @BeforeAll
  static void startPool() {
    pool = Executors.newFixedThreadPool(THREADS);
  }

  @AfterAll
  static void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void checksTheShapeAtOnce() {
    assertThatThrownBy(() -> DeferredPublicKey.encoded(KeyType.SECP256R1, new byte[64], "vm.publicKeyHex"))
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_KEY))
        .hasMessageContaining("publicKey: expected a 33-byte compressed or 65-byte uncompressed point, got 64 byte(s)");
    assertThatThrownBy(() -> DeferredPublicKey.encoded(KeyType.ED25519, new byte[31], "vm.publicKeyBase58"))
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_KEY))
        .hasMessageContaining("Ed25519 public key must be 32 bytes, got 31");
  }

  @Test
  void decodesOnFirstUseAndKeepsTheObject() {
    DeferredPublicKey key = DeferredPublicKey.encoded(KeyType.SECP256R1, P256, "vm.publicKeyHex");
    assertThat(key.type()).isEqualTo(KeyType.SECP256R1);
    PublicKeyMaterial first = key.get();
    assertThat(first).isEqualTo(PublicKeyMaterial.fromRaw(KeyType.SECP256R1, P256));
    assertThat(key.get()).isSameAs(first);
  }

  @Test
  void anAlreadyDecodedKeyIsReturnedAsItIs() {
    PublicKeyMaterial decoded = PublicKeyMaterial.fromRaw(KeyType.SECP256R1, P256);
    assertThat(DeferredPublicKey.of(decoded).get()).isSameAs(decoded);
    assertThat(DeferredPublicKey.of(decoded)).isEqualTo(DeferredPublicKey.encoded(KeyType.SECP256R1, P256, "x"));
  }

  @Test
  void concurrentFirstUsesAllGetTheSameObject() {
    for (int round = 0; round < 200; round++) {
      DeferredPublicKey key = DeferredPublicKey.encoded(KeyType.SECP256R1, P256, "vm.publicKeyHex");
      List<PublicKeyMaterial> seen = raceAll(key::get);
      assertThat(seen).allSatisfy(k -> assertThat(k).isSameAs(seen.get(0)));
      assertThat(key.get()).isSameAs(seen.get(0));
    }
  }

  @Test
  void anInvalidPointFailsOnEveryUseWithItsPath() {
    DeferredPublicKey key = DeferredPublicKey.encoded(KeyType.ED25519, NOT_ED25519, "verificationMethod[0].publicKeyMultibase");
    List<IdentityException> failures = raceAll(() -> {
      try {
        key.get();
        return null;
      } catch (IdentityException e) {
        return e;
      }
    });
    failures.add(assertThrows(key));
    assertThat(failures).allSatisfy(e -> {
      assertThat(e).isNotNull();
      assertThat(e.code()).isEqualTo(IdentityError.INVALID_KEY);
      assertThat(e).hasMessageContaining("verificationMethod[0].publicKeyMultibase: publicKey: not a valid Ed25519 public key");
    });
  }

  private static IdentityException assertThrows(DeferredPublicKey key) {
    try {
      key.get();
    } catch (IdentityException e) {
      return e;
    }
    throw new AssertionError("an invalid key decoded");
  }

  // Runs the action on every pool thread, released together, and returns what each returned.
  private static <T> List<T> raceAll(Supplier<T> action) {
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<T>> runs = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      runs.add(CompletableFuture.supplyAsync(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        return action.get();
      }, pool));
    }
    start.countDown();
    List<T> results = new ArrayList<>();
    runs.forEach(run -> results.add(run.join()));
    return results;
  }
}
