package org.anp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.interfaces.ECPublicKey;
import javax.crypto.AEADBadTagException;
import org.anp.identity.keys.KeyType;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checks that both sides of each provider comparison compute the same, correct result, so the
 * benchmark compares equal work. Does not run JMH.
 */
class ProviderBenchmarkTest {
  private final ProviderBenchmark benchmark = new ProviderBenchmark();

  @BeforeEach
  void setUp() throws GeneralSecurityException {
    benchmark.setUp();
  }

  @Test
  void bothProvidersAgreeOnTheSharedSecret() throws GeneralSecurityException {
    byte[][] secrets = benchmark.bothAgreements();

    assertThat(secrets[0]).hasSize(32).isEqualTo(secrets[1]);
  }

  @Test
  void bothProvidersGenerateP256Keys() {
    assertThat(benchmark.jdkP256KeyGeneration().getPublic()).isInstanceOf(ECPublicKey.class);
    assertThat(benchmark.bcP256KeyGeneration().type()).isEqualTo(KeyType.SECP256R1);
    assertThat(benchmark.bcP256KeyGeneration().publicKey())
        .isNotEqualTo(benchmark.bcP256KeyGeneration().publicKey());
  }

  @Test
  void bothGcmSealsOpenWithTheJdk() throws GeneralSecurityException, InvalidCipherTextException {
    byte[] jdk = benchmark.jdkAesGcmSeal1KiB();
    assertThat(jdk).hasSize(1024 + 16);
    assertThat(benchmark.jdkOpen(jdk)).isEqualTo(benchmark.payload());

    byte[] bc = benchmark.bcAesGcmSeal1KiB();
    assertThat(benchmark.jdkOpen(bc)).isEqualTo(benchmark.payload());
    bc[5] ^= 1;
    assertThatThrownBy(() -> benchmark.jdkOpen(bc)).isInstanceOf(AEADBadTagException.class);
  }

  @Test
  void bothHmacsAreEqual() {
    byte[] jdk = benchmark.jdkHmacSha256();

    assertThat(jdk).hasSize(32).isEqualTo(benchmark.bcHmacSha256());
    assertThat(benchmark.jdkHmacSha256()).isEqualTo(jdk);
  }
}
