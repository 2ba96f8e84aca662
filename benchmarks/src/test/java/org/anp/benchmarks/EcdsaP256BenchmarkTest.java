package org.anp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.GeneralSecurityException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checks that the benchmark measures real, interoperable work: each provider's signature
 * verifies with the other, and tampering is caught. Does not run JMH.
 */
class EcdsaP256BenchmarkTest {

  private final EcdsaP256Benchmark benchmark = new EcdsaP256Benchmark();

  @BeforeEach
  void setUp() throws GeneralSecurityException {
    benchmark.setUp();
  }

  @Test
  void benchmarkedVerificationsSucceed() throws GeneralSecurityException {
    assertThat(benchmark.jdkVerify()).isTrue();
    assertThat(benchmark.bcVerify()).isTrue();
  }

  @Test
  void eachProviderVerifiesTheOthersSignature() throws GeneralSecurityException {
    byte[] message = benchmark.message();

    assertThat(benchmark.bcVerify(message, benchmark.jdkSign())).isTrue();
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
    assertThat(benchmark.bcVerify(tamperedMessage, signature)).isFalse();
    assertThat(benchmark.bcVerify(message, tamperedSignature)).isFalse();
  }

  @Test
  void signaturesUseAFreshNonceEachTime() throws GeneralSecurityException {
    assertThat(benchmark.jdkSign()).isNotEqualTo(benchmark.jdkSign());
    assertThat(benchmark.bcSign()).isNotEqualTo(benchmark.bcSign());
  }
}
