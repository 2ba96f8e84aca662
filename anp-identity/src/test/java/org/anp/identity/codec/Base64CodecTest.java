package org.anp.identity.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base64CodecTest {
  /** RFC 4648 section 10 test vectors, in both variants. */
  @ParameterizedTest(name = "\"{0}\" -> {1} / {2}")
  @CsvSource({
    "'', '', ''",
    "f, Zg==, Zg",
    "fo, Zm8=, Zm8",
    "foo, Zm9v, Zm9v",
    "foob, Zm9vYg==, Zm9vYg",
    "fooba, Zm9vYmE=, Zm9vYmE",
    "foobar, Zm9vYmFy, Zm9vYmFy",
  })
  void rfc4648Vectors(String plain, String standard, String url) {
    byte[] bytes = plain.getBytes(StandardCharsets.US_ASCII);
    assertThat(Base64Codec.encode(Base64Variant.STANDARD, bytes)).isEqualTo(standard);
    assertThat(Base64Codec.decode(Base64Variant.STANDARD, standard)).isEqualTo(bytes);
    assertThat(Base64Codec.encode(Base64Variant.URL_NO_PAD, bytes)).isEqualTo(url);
    assertThat(Base64Codec.encodeUrl(bytes)).isEqualTo(url);
    assertThat(Base64Codec.decodeUrl(url)).isEqualTo(bytes);
    // The URL variant also reads the padded spelling (spec/identity.md section 0).
    assertThat(Base64Codec.decode(Base64Variant.URL_NO_PAD, standard)).isEqualTo(bytes);
  }

  @Test
  void alphabetsDifferInTheLastTwoDigits() {
    byte[] bytes = {(byte) 0xfb, (byte) 0xff, (byte) 0xbf};
    assertThat(Base64Codec.encode(Base64Variant.STANDARD, bytes)).isEqualTo("+/+/");
    assertThat(Base64Codec.encodeUrl(bytes)).isEqualTo("-_-_");
    assertThatThrownBy(() -> Base64Codec.decode(Base64Variant.STANDARD, "-_-_"))
        .isInstanceOf(IdentityException.class);
    assertThatThrownBy(() -> Base64Codec.decodeUrl("+/+/")).isInstanceOf(IdentityException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"Zg", "Zm8", "Zg=", "Zg===", "Z", "Zm9v\n", " Zm9v", "Zm 9v", "Zg==Zg==", "Zh=="})
  void standardRejects(String text) {
    assertThatThrownBy(() -> Base64Codec.decode(Base64Variant.STANDARD, text))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> {
              assertThat(e.code()).isEqualTo(IdentityError.INVALID_ENCODING);
              assertThat(e.getMessage()).contains("STANDARD");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"Z", "Zg=", "Zm9v\n", "Zm 9v", "Zg==Zg", "Zh", "Zm9=", "Zm9", "AB"})
  void urlRejects(String text) {
    assertThatThrownBy(() -> Base64Codec.decodeUrl(text))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> {
              assertThat(e.code()).isEqualTo(IdentityError.INVALID_ENCODING);
              assertThat(e.getMessage()).contains("URL_NO_PAD");
            });
  }

  /** Set bits after the last byte would give one value several spellings. */
  @Test
  void nonCanonicalTrailingBitsAreRejected() {
    assertThat(Base64Codec.decodeUrl("QQ")).containsExactly('A');
    assertThatThrownBy(() -> Base64Codec.decodeUrl("QR")).hasMessageContaining("unused bits");
    assertThatThrownBy(() -> Base64Codec.decode(Base64Variant.STANDARD, "QR=="))
        .hasMessageContaining("unused bits");
    assertThatThrownBy(() -> Base64Codec.decodeUrl("QUJ")).hasMessageContaining("unused bits");
    assertThat(Base64Codec.decodeUrl("QUI")).containsExactly('A', 'B');
  }
}
