package org.anp.identity.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MulticodecTest {
  /** Varint prefixes from the multicodec table. */
  @ParameterizedTest(name = "{0} = 0x{1} -> {2}")
  @CsvSource({
    "ED25519_PUB, ed, ed01",
    "X25519_PUB, ec, ec01",
    "SECP256K1_PUB, e7, e701",
    "P256_PUB, 1200, 8024",
    "P384_PUB, 1201, 8124",
    "P521_PUB, 1202, 8224",
  })
  void prefixes(Multicodec codec, String code, String prefix) {
    assertThat(codec.code()).isEqualTo(Integer.parseInt(code, 16));
    assertThat(Hex.encode(codec.prefix())).isEqualTo(prefix);
    byte[] key = {1, 2, 3};
    byte[] prefixed = codec.addPrefix(key);
    assertThat(Hex.encode(prefixed)).isEqualTo(prefix + "010203");
    assertThat(Multicodec.identify(prefixed)).contains(codec);
    assertThat(codec.stripPrefix(prefixed)).isEqualTo(key);
    assertThat(Multicodec.fromCode(codec.code())).contains(codec);
  }

  /** [VECTOR] spec/identity.md section 1.4: Ed25519 key with the ed01 prefix, as multibase. */
  @Test
  void specMultikeyVector() {
    byte[] decoded = Multibase.decode("z6MkqxMwzCVECMa8ZmkG2uvBR4Fnf5v7kLT4jrAyTr3FQ6M5");
    assertThat(Multicodec.identify(decoded)).contains(Multicodec.ED25519_PUB);
    assertThat(Hex.encode(Multicodec.ED25519_PUB.stripPrefix(decoded)))
        .isEqualTo("aae5131a4cfb2dcdeea5b7cbd3c3920b1c5baa319621870728b52e0c18a76b38");
  }

  @Test
  void prefixIsADefensiveCopy() {
    byte[] prefix = Multicodec.ED25519_PUB.prefix();
    prefix[0] = 0;
    assertThat(Multicodec.ED25519_PUB.prefix()).containsExactly(0xed, 0x01);
  }

  @Test
  void stripPrefixRejectsAnotherCodecNamingBoth() {
    byte[] x25519 = Multicodec.X25519_PUB.addPrefix(new byte[32]);
    assertThatThrownBy(() -> Multicodec.ED25519_PUB.stripPrefix(x25519))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> {
              assertThat(e.code()).isEqualTo(IdentityError.INVALID_ENCODING);
              assertThat(e.getMessage()).contains("ED25519_PUB").contains("X25519_PUB");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ed", "00", "aa", "ed02", "8025"})
  void stripPrefixRejectsShortOrUnknownInput(String hex) {
    assertThatThrownBy(() -> Multicodec.ED25519_PUB.stripPrefix(Hex.decode(hex)))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_ENCODING));
  }

  /** Unknown codes, truncated varints and non-minimal encodings are not identified. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "ed", "80", "ff", "00", "01", "1201", "ed8100", "ed8000", "8080808080808080808001"
      })
  void identifyReturnsEmptyForUnknownOrMalformed(String hex) {
    assertThat(Multicodec.identify(Hex.decode(hex))).isEmpty();
  }

  @Test
  void fromCodeOfUnknownIsEmpty() {
    assertThat(Multicodec.fromCode(0x12)).isEqualTo(Optional.empty());
  }
}
