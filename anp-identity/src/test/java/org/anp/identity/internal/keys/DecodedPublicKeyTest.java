package org.anp.identity.internal.keys;

import static org.anp.identity.did.TestKeys.K1_COMPRESSED_HEX;
import static org.anp.identity.did.TestKeys.P256_COMPRESSED_HEX;
import static org.anp.identity.did.TestKeys.P256_UNCOMPRESSED_HEX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Hex;
import org.anp.identity.keys.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DecodedPublicKeyTest {

  // BouncyCastle keeps its precomputation for the generator with the domain's point; a key on a
  // curve object of its own would make every verification with it build that again.
  @Test
  void decodedEcKeysShareTheCurveDomainOfTheirType() {
    assertSharesDomain(KeyType.SECP256R1, P256_UNCOMPRESSED_HEX, EcCurve.P256);
    assertSharesDomain(KeyType.SECP256R1, P256_COMPRESSED_HEX, EcCurve.P256);
    assertSharesDomain(KeyType.SECP256K1, K1_COMPRESSED_HEX, EcCurve.K1);
  }

  private static void assertSharesDomain(KeyType type, String hex, EcCurve curve) {
    DecodedPublicKey.Ec key = (DecodedPublicKey.Ec) DecodedPublicKey.decode(type, Hex.decode(hex), "k");
    assertThat(key.parameters().getParameters()).isSameAs(curve.domain());
    assertThat(key.parameters().getQ().getCurve()).isSameAs(curve.domain().getCurve());
  }

  static Stream<Arguments> badShapes() {
    return Stream.of(
        Arguments.of(KeyType.SECP256R1, ""),
        Arguments.of(KeyType.SECP256R1, "04" + "11".repeat(63)),
        Arguments.of(KeyType.SECP256R1, "02" + "11".repeat(64)),
        Arguments.of(KeyType.SECP256K1, "05" + "11".repeat(64)),
        Arguments.of(KeyType.SECP256K1, "04" + "11".repeat(32)),
        Arguments.of(KeyType.ED25519, "11".repeat(33)),
        Arguments.of(KeyType.X25519, "11".repeat(31)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("badShapes")
  void theShapeCheckRefusesWhatDecodingRefusesForShape(KeyType type, String hex) {
    byte[] raw = Hex.decode(hex);
    String decodeMessage = messageOf(() -> DecodedPublicKey.decode(type, raw, "k"));
    assertThat(messageOf(() -> DecodedPublicKey.checkShape(type, raw, "k"))).isEqualTo(decodeMessage);
  }

  private static String messageOf(Runnable action) {
    try {
      action.run();
    } catch (IdentityException e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted");
  }

  @Test
  void theShapeCheckAcceptsWhatDecodingMayAccept() {
    DecodedPublicKey.checkShape(KeyType.SECP256R1, Hex.decode(P256_UNCOMPRESSED_HEX), "k");
    DecodedPublicKey.checkShape(KeyType.SECP256R1, Hex.decode(P256_COMPRESSED_HEX), "k");
    DecodedPublicKey.checkShape(KeyType.ED25519, new byte[32], "k");
    assertThatThrownBy(() -> DecodedPublicKey.decode(KeyType.SECP256R1, Hex.decode("04" + "11".repeat(64)), "k"))
        .isInstanceOf(IdentityException.class)
        .hasMessageContaining("point is not on P-256");
  }
}
