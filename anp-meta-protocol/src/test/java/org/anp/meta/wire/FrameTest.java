package org.anp.meta.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.testing.NegotiationCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameTest {

  @ParameterizedTest
  @EnumSource(ProtocolType.class)
  void headerBytesAreTheCorpusOnes(ProtocolType type) {
    String sdkName =
        switch (type) {
          case META -> "META";
          case APPLICATION -> "APPLICATION";
          case NATURAL_LANGUAGE -> "NATURAL";
          case VERIFICATION -> "VERIFICATION";
        };
    var framing = NegotiationCorpus.root().get("framing");
    assertThat(type.value()).isEqualTo(framing.get("protocol_types").get(sdkName).intValue());
    assertThat(HexFormat.of().formatHex(new byte[] {type.headerByte()}))
        .isEqualTo(framing.get("header_bytes_hex").get(sdkName).textValue());
  }

  @ParameterizedTest
  @ValueSource(ints = {0x00, 0x3F, 0x40, 0x7F, 0x80, 0xBF, 0xC0, 0xFF})
  void reservedBitsAreIgnoredOnReceipt(int header) {
    Frame f = Frame.decode(new byte[] {(byte) header, 'x'}, 16);
    assertThat(f.type()).isEqualTo(ProtocolType.values()[header >>> 6]);
    assertThat(f.data()).containsExactly('x');
    // Re-encoded with the reserved bits cleared.
    assertThat(f.encode()[0]).isEqualTo((byte) (header & 0xC0));
  }

  @Test
  void specVectorCodeGenerationFrameStartsWithItsHeaderAndJson() {
    byte[] bytes = Frame.meta(new CodeGeneration(true)).encode();
    assertThat(HexFormat.of().formatHex(bytes)).startsWith("007b22616374696f");
  }

  @Test
  void emptyPayloadIsMalformed() {
    assertThatThrownBy(() -> Frame.decode(new byte[0], 16))
        .isInstanceOfSatisfying(
            MetaProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(MetaProtocolError.MALFORMED_MESSAGE));
  }

  @Test
  void sizeLimitHoldsAtTheEdge() {
    assertThat(Frame.decode(new byte[16], 16).dataLength()).isEqualTo(15);
    assertThatThrownBy(() -> Frame.decode(new byte[17], 16))
        .isInstanceOfSatisfying(
            MetaProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(MetaProtocolError.MESSAGE_TOO_LARGE));
  }

  @Test
  void naturalLanguageRoundTripsAsUtf8AndRejectsBadBytes() {
    Frame f = Frame.naturalLanguage("Bonjour, 世界 🌍");
    assertThat(f.encode()[0]).isEqualTo((byte) 0x80);
    assertThat(Frame.decode(f.encode(), 1024).naturalLanguageText()).isEqualTo("Bonjour, 世界 🌍");
    Frame bad = Frame.decode(new byte[] {(byte) 0x80, (byte) 0xC3, 0x28}, 16);
    assertThatThrownBy(bad::naturalLanguageText)
        .isInstanceOfSatisfying(
            MetaProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(MetaProtocolError.MALFORMED_MESSAGE));
  }

  @Test
  void framesAreImmutable() {
    byte[] data = "abc".getBytes(StandardCharsets.UTF_8);
    Frame f = Frame.application(data);
    data[0] = 'z';
    f.data()[1] = 'z';
    assertThat(f.data()).containsExactly('a', 'b', 'c');
    assertThat(f).isEqualTo(Frame.application("abc".getBytes(StandardCharsets.UTF_8)));
    assertThat(Frame.verification(new byte[] {1}).encode()).containsExactly(0xC0, 1);
  }

  @Test
  void metaMessageOfAnotherTypeIsRefused() {
    assertThatThrownBy(() -> Frame.application(new byte[] {'{', '}'}).metaMessage(WireLimits.DEFAULT))
        .isInstanceOf(MetaProtocolException.class);
  }
}
