package org.anp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.NoSuchAlgorithmException;
import java.util.concurrent.CompletionException;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.auth.AuthRequest;
import org.anp.identity.auth.VerifiedCaller;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the DIDWba benchmark bodies once per key type and checks that the verifier accepted a
 * real header (and would refuse its replay) and that the raw check verifies the same signature.
 * Does not run JMH.
 */
class DidWbaAuthBenchmarkTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"secp256k1", "P-256", "Ed25519"})
  void headerVerificationAcceptsFreshNoncesAndRefusesAReplay(String keyType) throws NoSuchAlgorithmException {
    DidWbaAuthBenchmark benchmark = setUp(keyType);
    AuthRequest first = benchmark.nextRequest();

    VerifiedCaller caller = benchmark.headerVerify();
    VerifiedCaller second = benchmark.headerVerify();

    assertThat(caller.did()).isEqualTo(benchmark.document().id());
    assertThat(caller.verificationMethod()).endsWith("#key-1");
    assertThat(second.did()).isEqualTo(caller.did());
    assertThatThrownBy(() -> benchmark.verifier().verify(first).join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(
            IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.AUTH_NONCE_REUSED));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"secp256k1", "P-256", "Ed25519"})
  void rawVerificationChecksTheSameSignatures(String keyType) throws NoSuchAlgorithmException {
    DidWbaAuthBenchmark benchmark = setUp(keyType);

    assertThat(benchmark.rawVerify().type().jwkCurve()).isEqualTo(keyType);
    byte[] tampered = benchmark.digest(1);
    tampered[0] ^= 1;
    assertThatThrownBy(() -> benchmark.key().verify(tampered, benchmark.signature(1)))
        .isInstanceOfSatisfying(
            IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_SIGNATURE));
    assertThatThrownBy(() -> benchmark.key().verify(benchmark.digest(1), benchmark.signature(2)))
        .isInstanceOf(IdentityException.class);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"P-256"})
  void theRingOfRequestsCanBeUsedMoreThanOnce(String keyType) throws NoSuchAlgorithmException {
    DidWbaAuthBenchmark benchmark = setUp(keyType);

    for (int i = 0; i < DidWbaAuthBenchmark.RING + 5; i++) {
      assertThat(benchmark.headerVerify().did()).isEqualTo(benchmark.document().id());
    }
  }

  private static DidWbaAuthBenchmark setUp(String keyType) throws NoSuchAlgorithmException {
    DidWbaAuthBenchmark benchmark = new DidWbaAuthBenchmark();
    benchmark.keyType = keyType;
    benchmark.setUp();
    return benchmark;
  }
}
