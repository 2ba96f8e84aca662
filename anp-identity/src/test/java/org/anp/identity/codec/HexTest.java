package org.anp.identity.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HexTest {
  @Test
  void encodesLowerCaseTwoDigitsPerByte() {
    assertThat(Hex.encode(new byte[] {0, 1, 0x7f, (byte) 0x80, (byte) 0xab, (byte) 0xff}))
        .isEqualTo("00017f80abff");
    assertThat(Hex.encode(new byte[0])).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"00017f80abff", "00017F80ABFF", "00017f80ABff"})
  void decodesEitherCase(String text) {
    assertThat(Hex.decode(text))
        .containsExactly(0, 1, 0x7f, 0x80, 0xab, 0xff);
  }

  @Test
  void allBytesRoundTrip() {
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    assertThat(Hex.decode(Hex.encode(all))).isEqualTo(all);
    assertThat(Hex.decode("")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "abc", "00f"})
  void rejectsOddLength(String text) {
    assertThatThrownBy(() -> Hex.decode(text))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> {
              assertThat(e.code()).isEqualTo(IdentityError.INVALID_ENCODING);
              assertThat(e.getMessage()).contains("odd length " + text.length());
            });
  }

  /** Includes digits that {@code Character.digit} accepts outside ASCII (full-width, Arabic). */
  @ParameterizedTest
  @ValueSource(
      strings = {"0g", "g0", " 0", "0x", "+1", "-1", "\uff10\uff11", "\u0663\u0664", "0\u0000"})
  void rejectsNonHexCharacters(String text) {
    assertThatThrownBy(() -> Hex.decode(text))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> {
              assertThat(e.code()).isEqualTo(IdentityError.INVALID_ENCODING);
              assertThat(e.getMessage()).contains("invalid character at index");
            });
  }

  @Test
  void namesTheIndexOfTheBadCharacter() {
    assertThatThrownBy(() -> Hex.decode("00a0z0")).hasMessageContaining("index 4");
  }
}
