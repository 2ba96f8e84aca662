package org.anp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.Test;

/**
 * Runs the TLS baseline once and checks that it really performed a mutually authenticated TLS 1.3
 * handshake with the intended suite, certificates and key-share group. Does not run JMH.
 */
class TlsHandshakeBenchmarkTest {

  @Test
  void handshakeFinishesWithMutualAuthenticationAndTheChosenSuite()
      throws GeneralSecurityException, SSLException, SSLPeerUnverifiedException {
    TlsHandshakeBenchmark benchmark = new TlsHandshakeBenchmark();
    benchmark.setUp();

    TlsHandshakeBenchmark.Result result = benchmark.tlsHandshake();

    assertThat(result.client().getProtocol()).isEqualTo("TLSv1.3");
    assertThat(result.client().getCipherSuite()).isEqualTo("TLS_AES_128_GCM_SHA256");
    assertThat(result.server().getCipherSuite()).isEqualTo("TLS_AES_128_GCM_SHA256");
    X509Certificate serverSeen = (X509Certificate) result.client().getPeerCertificates()[0];
    X509Certificate clientSeen = (X509Certificate) result.server().getPeerCertificates()[0];
    assertThat(serverSeen.getSubjectX500Principal().getName()).isEqualTo("CN=server.bench.test");
    assertThat(clientSeen.getSubjectX500Principal().getName()).isEqualTo("CN=client.bench.test");
    assertThat(serverSeen.getPublicKey()).isInstanceOf(ECPublicKey.class);
    // A second handshake runs on new engines and yields new sessions.
    TlsHandshakeBenchmark.Result again = benchmark.tlsHandshake();
    assertThat(again.client()).isNotSameAs(result.client());
    assertThat(again.server().getPeerCertificates()).hasSize(1);
  }

  @Test
  void clientHelloOffersOnlyAP256KeyShare() throws GeneralSecurityException, SSLException {
    TlsHandshakeBenchmark benchmark = new TlsHandshakeBenchmark();
    benchmark.setUp();
    benchmark.tlsHandshake();

    byte[] hello = benchmark.lastClientHello();

    // key_share entry: group secp256r1 (0x0017), 65-byte uncompressed point (0x0041, 0x04).
    assertThat(indexOf(hello, new byte[] {0x00, 0x17, 0x00, 0x41, 0x04})).isNotNegative();
    // No x25519 (0x001d) share with its 32-byte key.
    assertThat(indexOf(hello, new byte[] {0x00, 0x1d, 0x00, 0x20})).isNegative();
  }

  @Test
  void selfSignedCertificateIsAV3CertificateSignedByItsOwnKey() throws GeneralSecurityException {
    SecureRandom random = new SecureRandom();
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), random);
    KeyPair keys = generator.generateKeyPair();

    X509Certificate cert = SelfSignedCertificate.generate(keys, "x.bench.test", random);

    assertThat(cert.getVersion()).isEqualTo(3);
    assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(cert.getPublicKey()).isEqualTo(keys.getPublic());
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    assertThat(cert.getKeyUsage()[0]).isTrue();
    assertThat(cert.getCriticalExtensionOIDs()).containsExactly("2.5.29.15");
    assertThat(cert.getSerialNumber().signum()).isPositive();
    cert.checkValidity();
    cert.verify(keys.getPublic());
    KeyPair other = generator.generateKeyPair();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> cert.verify(other.getPublic()))
        .isInstanceOf(java.security.SignatureException.class);
  }

  @Test
  void derLengthsUseTheLongFormFrom128Bytes() {
    assertThat(SelfSignedCertificate.tlv(0x04, new byte[127])).startsWith(0x04, 0x7f);
    assertThat(SelfSignedCertificate.tlv(0x04, new byte[128])).startsWith(0x04, 0x81, 0x80);
    assertThat(SelfSignedCertificate.tlv(0x04, new byte[300])).startsWith(0x04, 0x82, 0x01, 0x2c).hasSize(304);
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= data.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
