package org.anp.transport.internal.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import org.anp.identity.json.StrictJson;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
  private static final String MESSAGE = "{\"version\":\"1.0\",\"type\":\"message\",\"timestamp\":\"2026-12-04T10:00:00.000Z\","
      + "\"messageId\":\"m1\",\"sourceDid\":\"did:wba:a.example:alice\",\"destinationDid\":\"did:wba:b.example:bob\","
      + "\"secretKeyId\":\"0011\",\"encryptedData\":{\"iv\":\"AA==\",\"tag\":\"AA==\",\"ciphertext\":\"AA==\"}}";

  private static Envelope read(String json) {
    return Envelope.read(json.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertInvalid(String json, String messageStart) {
    assertThatThrownBy(() -> read(json))
        .isInstanceOfSatisfying(TransportException.class, e -> {
          assertThat(e.code()).isEqualTo(TransportError.INVALID_MESSAGE);
          assertThat(e.getMessage()).startsWith("INVALID_MESSAGE: " + messageStart);
        });
  }

  @Test
  void readsTheRoutingMembersOfAMessageAndIgnoresItsContents() {
    Envelope e = read(MESSAGE);
    assertThat(e.type()).isEqualTo("message");
    assertThat(e.messageId()).isEqualTo("m1");
    assertThat(e.sourceDid()).contains("did:wba:a.example:alice");
    assertThat(e.destinationDid()).contains("did:wba:b.example:bob");
    assertThat(e.code()).isEmpty();
    assertThat(e.isResponse()).isFalse();
    assertThat(e.isRelayFrame()).isFalse();
    assertThat(e.info()).isEqualTo(new FrameInfo("message", Optional.of("m1"), Optional.of("did:wba:a.example:alice")));
  }

  @Test
  void aResponseMayLackBothDidsAndCarriesItsCode() {
    Envelope e = read("{\"version\":\"1.0\",\"type\":\"response\",\"messageId\":\"r1\",\"sourceDid\":null,"
        + "\"originalType\":\"message\",\"originalMessageId\":\"m1\",\"code\":4003}");
    assertThat(e.isResponse()).isTrue();
    assertThat(e.sourceDid()).isEmpty();
    assertThat(e.destinationDid()).isEmpty();
    assertThat(e.code()).isEqualTo(OptionalInt.of(4003));
    assertThat(e.originalMessageId()).contains("m1");
  }

  @Test
  void relayFramesAreOnlyRecognized() {
    assertThat(read("{\"version\":\"1.0\",\"type\":\"heartbeat\",\"messageId\":\"h\",\"message\":\"ping\"}").isRelayFrame()).isTrue();
    assertThat(read("{\"type\":\"register\",\"routers\":[]}").isRelayFrame()).isTrue();
  }

  @Test
  void nonAsciiTextIsAcceptedWhenItIsValidUtf8() {
    Envelope e = read(MESSAGE.replace("alice", "al\u00efce\uD83D\uDE00"));
    assertThat(e.sourceDid()).contains("did:wba:a.example:al\u00efce\uD83D\uDE00");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "missing destinationDid | \"destinationDid\":\"did:wba:b.example:bob\", | | destinationDid: missing",
      "missing messageId | \"messageId\":\"m1\", | | messageId: missing",
      "missing type | \"type\":\"message\", | | type: missing",
      "null sourceDid | \"did:wba:a.example:alice\" | null | sourceDid: not a string",
      "numeric messageId | \"m1\" | 17 | messageId: not a string",
      "object destinationDid | \"did:wba:b.example:bob\" | {} | destinationDid: not a string",
      "duplicate sourceDid | \"sourceDid\": | \"sourceDid\":\"x\",\"sourceDid\": | sourceDid: duplicate member",
      "trailing data | }} | }}{} | frame: data after",
      "unterminated | }} | } | frame: malformed JSON",
      "bad ciphertext syntax | \"AA==\"} | AA==} | frame: malformed JSON",
  })
  void badEnvelopesAreRefusedNamingTheMember(String name, String from, String to, String message) {
    assertInvalid(MESSAGE.replace(from, to == null ? "" : to), message);
  }

  @Test
  void aResponseWithoutAnIntegerCodeIsRefused() {
    String response = "{\"version\":\"1.0\",\"type\":\"response\",\"messageId\":\"r1\",\"originalType\":\"message\"";
    assertInvalid(response + "}", "code: missing");
    assertInvalid(response + ",\"code\":200.5}", "code: not a 32-bit integer");
    assertInvalid(response + ",\"code\":4294967296}", "code: not a 32-bit integer");
    assertInvalid(response + ",\"code\":\"200\"}", "code: not a 32-bit integer");
  }

  @Test
  void unknownTypesAndVersionsAreUnsupported() {
    assertThatThrownBy(() -> read(MESSAGE.replace("\"type\":\"message\"", "\"type\":\"gossip\"")))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.code()).isEqualTo(TransportError.UNSUPPORTED_MESSAGE));
    assertThatThrownBy(() -> read(MESSAGE.replace("\"version\":\"1.0\"", "\"version\":\"2.0\"")))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.code()).isEqualTo(TransportError.UNSUPPORTED_MESSAGE));
  }

  @Test
  void notAnObjectAByteOrderMarkAndInvalidUtf8AreRefused() {
    assertInvalid("[1,2]", "frame: not a JSON object");
    assertInvalid("", "frame: not a JSON object");
    byte[] bom = ("\uFEFF" + MESSAGE).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Envelope.read(bom)).hasMessageStartingWith("INVALID_MESSAGE: frame: byte order mark");
    byte[] overlong = MESSAGE.replace("alice", "al\u0000ce").getBytes(StandardCharsets.UTF_8);
    int zero = MESSAGE.indexOf("alice") + 2;
    byte[] bad = new byte[overlong.length + 1];
    System.arraycopy(overlong, 0, bad, 0, zero);
    bad[zero] = (byte) 0xC0; // an overlong encoding of U+0000
    bad[zero + 1] = (byte) 0x80;
    System.arraycopy(overlong, zero + 1, bad, zero + 2, overlong.length - zero - 1);
    assertThatThrownBy(() -> Envelope.read(bad))
        .isInstanceOf(TransportException.class).hasMessageStartingWith("INVALID_MESSAGE: frame: invalid UTF-8 at byte offset " + zero);
  }

  @Test
  void nestingIsBoundedAtTheStrictParsersDepth() {
    String ok = "[".repeat(StrictJson.MAX_DEPTH - 1) + "]".repeat(StrictJson.MAX_DEPTH - 1);
    assertThat(read(MESSAGE.replace("\"secretKeyId\":\"0011\"", "\"x\":" + ok)).messageId()).isEqualTo("m1");
    String deep = "[".repeat(StrictJson.MAX_DEPTH) + "]".repeat(StrictJson.MAX_DEPTH);
    assertInvalid(MESSAGE.replace("\"secretKeyId\":\"0011\"", "\"x\":" + deep), "frame: nested deeper than");
  }
}
