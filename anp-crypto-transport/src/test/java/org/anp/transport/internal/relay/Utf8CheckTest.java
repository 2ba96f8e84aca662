package org.anp.transport.internal.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.anp.transport.TransportException;
import org.junit.jupiter.api.Test;

class Utf8CheckTest {
  @Test
  void findsTheFirstNonAsciiByteAtEveryPositionAroundTheWordBoundaries() {
    for (int length = 0; length <= 40; length++) {
      for (int at = 0; at < length; at++) {
        byte[] b = "a".repeat(length).getBytes(StandardCharsets.US_ASCII);
        b[at] = (byte) 0x80;
        assertThat(Utf8Check.firstNonAscii(b)).as("length %d, at %d", length, at).isEqualTo(at);
      }
      assertThat(Utf8Check.firstNonAscii(new byte[length])).isEqualTo(length);
    }
  }

  @Test
  void acceptsWhatTheJdkEncodes() {
    String text = "ascii \u00e9 \u20ac \uD83D\uDE00 end";
    assertThatCode(() -> Utf8Check.require(text.getBytes(StandardCharsets.UTF_8))).doesNotThrowAnyException();
  }

  @Test
  void refusesMalformedSequences() {
    byte[][] bad = {
      {'a', (byte) 0xC0, (byte) 0x80},                         // overlong U+0000
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80},                 // an encoded surrogate
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},    // above U+10FFFF
      {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', (byte) 0xE2, (byte) 0x82}, // truncated at the end
      {(byte) 0x80},                                            // a lone continuation byte
      {(byte) 0xFF},
    };
    for (byte[] b : bad) {
      assertThatThrownBy(() -> Utf8Check.require(b)).isInstanceOf(TransportException.class)
          .hasMessageStartingWith("INVALID_MESSAGE: frame: invalid UTF-8");
    }
  }

  @Test
  void agreesWithTheJdkDecoderOnRandomBytes() {
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      byte[] b = new byte[random.nextInt(24)];
      random.nextBytes(b);
      for (int j = 0; j < b.length; j++) {
        if (random.nextInt(3) > 0) {
          b[j] &= 0x7f;
        }
      }
      boolean jdk = isValidForJdk(b);
      boolean ours;
      try {
        Utf8Check.require(b);
        ours = true;
      } catch (TransportException e) {
        ours = false;
      }
      assertThat(ours).as("input %d", i).isEqualTo(jdk);
    }
  }

  private static boolean isValidForJdk(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }
}
