package org.anp.identity.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.junit.jupiter.api.Test;

class KeyTypeTest {

  @Test
  void jwkCurveNamesRoundTrip() {
    assertThat(KeyType.SECP256R1.jwkCurve()).isEqualTo("P-256");
    assertThat(KeyType.SECP256K1.jwkCurve()).isEqualTo("secp256k1");
    assertThat(KeyType.ED25519.jwkCurve()).isEqualTo("Ed25519");
    assertThat(KeyType.X25519.jwkCurve()).isEqualTo("X25519");
    for (KeyType type : KeyType.values()) {
      assertThat(KeyType.fromJwkCurve(type.jwkCurve())).isEqualTo(type);
    }
  }

  @Test
  void capabilities() {
    assertThat(KeyType.SECP256R1.canSign()).isTrue();
    assertThat(KeyType.SECP256R1.canAgree()).isTrue();
    assertThat(KeyType.SECP256K1.canSign()).isTrue();
    assertThat(KeyType.SECP256K1.canAgree()).isFalse();
    assertThat(KeyType.ED25519.canSign()).isTrue();
    assertThat(KeyType.ED25519.canAgree()).isFalse();
    assertThat(KeyType.X25519.canSign()).isFalse();
    assertThat(KeyType.X25519.canAgree()).isTrue();
    assertThat(KeyType.SECP256K1.jwkKeyType()).isEqualTo("EC");
    assertThat(KeyType.X25519.jwkKeyType()).isEqualTo("OKP");
  }

  @Test
  void unknownOrMiscasedCurvesAreUnsupported() {
    for (String crv : new String[] {"p-256", "P-384", "Ed448", "", "secp256r1", "X25519 "}) {
      assertThatThrownBy(() -> KeyType.fromJwkCurve(crv))
          .isInstanceOfSatisfying(
              IdentityException.class,
              e -> {
                assertThat(e.code()).isEqualTo(IdentityError.UNSUPPORTED_KEY_TYPE);
                assertThat(e.getMessage()).contains("crv");
              });
    }
  }

  @Test
  void controlCharactersDoNotReachTheMessage() {
    assertThatThrownBy(() -> KeyType.fromJwkCurve("evil\n\u0000curve"))
        .hasMessageNotContaining("\n")
        .hasMessageContaining("evil??curve");
  }
}
