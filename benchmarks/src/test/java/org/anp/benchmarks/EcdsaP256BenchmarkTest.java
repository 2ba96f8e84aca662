package org.anp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.keys.SignatureEncoding;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checks that the benchmark measures real, interoperable work: both implementations hold the
 * same key, each verifies the other's signature, and tampering is caught. Does not run JMH.
 */
class EcdsaP256BenchmarkTest {

  private final EcdsaP256Benchmark benchmark = new EcdsaP256Benchmark();

  @BeforeEach
  void setUp() throws GeneralSecurityException {
    benchmark.setUp();
  }

  @Test
  void bothImplementationsHoldTheSameKeyPair() {
    assertThat(benchmark.bcPrivateKey().publicKey()).isEqualTo(benchmark.bcPublicKey());
  }

  @Test
  void benchmarkedVerificationsSucceed() throws GeneralSecurityException {
    assertThat(benchmark.jdkVerify()).isTrue();
    assertThat(benchmark.bcVerify()).isEqualTo(benchmark.bcPublicKey());
  }

  @Test
  void eachImplementationVerifiesTheOthersSignature() throws GeneralSecurityException {
    byte[] message = benchmark.message();

    benchmark.bcPublicKey().verify(message, benchmark.jdkSign(), SignatureEncoding.DER);
    assertThat(benchmark.jdkVerify(message, benchmark.bcSign())).isTrue();
  }

  @Test
  void tamperedMessageOrSignatureIsRejected() throws GeneralSecurityException {
    byte[] message = benchmark.message();
    byte[] tamperedMessage = message.clone();
    tamperedMessage[0] ^= 1;
    byte[] signature = benchmark.bcSign();
    byte[] tamperedSignature = signature.clone();
    tamperedSignature[signature.length - 1] ^= 1;

    assertThat(benchmark.jdkVerify(tamperedMessage, signature)).isFalse();
    assertThatThrownBy(
            () -> benchmark.bcPublicKey().verify(tamperedMessage, signature, SignatureEncoding.DER))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_SIGNATURE));
    assertThatThrownBy(
            () -> benchmark.bcPublicKey().verify(message, tamperedSignature, SignatureEncoding.DER))
        .isInstanceOf(IdentityException.class);
  }

  @Test
  void jdkNonceIsRandomAndBouncyCastleNonceIsDeterministic() throws GeneralSecurityException {
    assertThat(benchmark.jdkSign()).isNotEqualTo(benchmark.jdkSign());
    assertThat(benchmark.bcSign()).isEqualTo(benchmark.bcSign());
  }
}
