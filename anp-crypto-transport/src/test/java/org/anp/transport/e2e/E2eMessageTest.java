package org.anp.transport.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class E2eMessageTest {
  private static final String MESSAGE =
      "{\"version\":\"1.0\",\"type\":\"message\",\"timestamp\":\"2026-11-25T06:16:39.929Z\","
          + "\"messageId\":\"m1\",\"sourceDid\":\"did:all:a\",\"destinationDid\":\"did:all:b\","
          + "\"secretKeyId\":\"91e8061c02f19eeb\",\"encryptedData\":{\"iv\":\"3GdfyfQEMHLL2uwG\","
          + "\"tag\":\"CIdQuN423GdrpxQ2TOvyBA==\",\"ciphertext\":\"bRAsUTrN6cMFQSPzGBRubFvLfw==\"},\"extra\":1}";

  @Test
  void aMessageBuiltFromItsPartsIsTheMessageItsJsonParsesTo() {
    EncryptedData data = EncryptedData.of(new byte[12], new byte[16], "cipher".getBytes(StandardCharsets.UTF_8));
    EncryptedMessage built = EncryptedMessage.of(java.time.Instant.parse("2026-12-04T10:11:12.345678Z"), "m1",
        "did:wba:a.example:alice", "did:wba:b.example:bob", "00112233", data);

    EncryptedMessage parsed = (EncryptedMessage) E2eMessage.parse(built.toJsonBytes());

    assertThat(parsed.timestamp()).isEqualTo(built.timestamp()).isEqualTo(java.time.Instant.parse("2026-12-04T10:11:12.345Z"));
    assertThat(parsed.messageId()).isEqualTo("m1");
    assertThat(parsed.sourceDid()).isEqualTo(built.sourceDid());
    assertThat(parsed.destinationDid()).isEqualTo(built.destinationDid());
    assertThat(parsed.secretKeyId()).isEqualTo("00112233");
    assertThat(parsed.encryptedData()).isEqualTo(data);
    assertThat(parsed.json()).isEqualTo(built.json());
    assertThat(new String(built.toJsonBytes(), StandardCharsets.UTF_8)).startsWith(
        "{\"version\":\"1.0\",\"type\":\"message\",\"timestamp\":\"2026-12-04T10:11:12.345Z\",\"messageId\":\"m1\"");
  }

  @Test
  void parsesAFrameAndKeepsUnknownFields() {
    EncryptedMessage m = (EncryptedMessage) E2eMessage.parse(MESSAGE.getBytes(StandardCharsets.UTF_8));
    assertThat(m.secretKeyId()).isEqualTo("91e8061c02f19eeb");
    assertThat(m.encryptedData().iv()).hasSize(12);
    assertThat(m.json().get("extra").asInt()).isEqualTo(1);
    assertThat(E2eMessage.parse(m.toJsonBytes())).isEqualTo(m);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing field | \"secretKeyId\":\"91e8061c02f19eeb\", | | INVALID_MESSAGE | secretKeyId",
        "wrong type | \"secretKeyId\":\"91e8061c02f19eeb\" | \"secretKeyId\":5 | INVALID_MESSAGE | secretKeyId",
        "bad time | 2026-11-25T06:16:39.929Z | yesterday | INVALID_MESSAGE | timestamp",
        "bad base64 | 3GdfyfQEMHLL2uwG | 3Gdfyf-EMHLL2uwG | INVALID_MESSAGE | encryptedData.iv",
        "short iv | 3GdfyfQEMHLL2uwG | 3GdfyfQEMHLL | INVALID_MESSAGE | encryptedData.iv",
        "short tag | CIdQuN423GdrpxQ2TOvyBA== | CIdQuN42 | INVALID_MESSAGE | encryptedData.tag",
        "unknown type | \"type\":\"message\" | \"type\":\"gossip\" | UNSUPPORTED_MESSAGE | type",
        "other version | \"version\":\"1.0\" | \"version\":\"2.0\" | UNSUPPORTED_MESSAGE | version",
        "duplicate key | \"messageId\":\"m1\" | \"messageId\":\"m1\",\"messageId\":\"m2\" | INVALID_MESSAGE | frame",
        "not json | {\"version\" | {version | INVALID_MESSAGE | frame",
      })
  void rejectsBadFramesNamingTheField(String name, String from, String to, TransportError code, String field) {
    String text = MESSAGE.replace(from, to == null ? "" : to);
    assertThatThrownBy(() -> E2eMessage.parse(text.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessageContaining(field);
  }

  @Test
  void sizeLimitAtTheEdge() {
    byte[] bytes = MESSAGE.getBytes(StandardCharsets.UTF_8);
    assertThat(E2eMessage.parse(bytes, bytes.length)).isInstanceOf(EncryptedMessage.class);
    assertThatThrownBy(() -> E2eMessage.parse(bytes, bytes.length - 1))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.code()).isEqualTo(TransportError.MESSAGE_TOO_LARGE));
  }

  @Test
  void parsesAReferenceSdkResponseWithoutOptionalFields() {
    String response =
        "{\"version\":\"1.0\",\"type\":\"response\",\"timestamp\":\"2026-11-25T06:16:39Z\","
            + "\"messageId\":\"r1\",\"originalType\":\"message\",\"code\":4003,\"detail\":\"no key\"}";
    ErrorResponse r = (ErrorResponse) E2eMessage.parse(response.getBytes(StandardCharsets.UTF_8));
    assertThat(r.code()).isEqualTo(4003);
    assertThat(r.sourceDid()).isEmpty();
    assertThat(r.originalMessageId()).isEmpty();
    assertThat(TransportError.fromResponseCode(r.code())).contains(TransportError.DECRYPTION_KEY_UNKNOWN);
  }
}
