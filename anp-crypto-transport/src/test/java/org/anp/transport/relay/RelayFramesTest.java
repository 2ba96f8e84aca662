package org.anp.transport.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.e2e.ErrorResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RelayFramesTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");
  private static final String DID = "did:wba:example.com:user:alice";

  @ParameterizedTest
  @EnumSource(value = KeyType.class, names = {"SECP256R1", "SECP256K1", "ED25519"})
  void signedRouterEntryVerifiesAndRoundTrips(KeyType type) {
    PrivateKeyMaterial key = PrivateKeyMaterial.generate(type, RANDOM);
    RouterEntry entry = RegisterFrame.signRouter(DID, DID + "#key-1", key, NOW, RANDOM);
    RegisterFrame frame = RegisterFrame.of(NOW, "0123456789abcdef", List.of(entry));

    RelayFrame parsed = RelayFrames.parse(frame.toJsonBytes(), RelayFrames.DEFAULT_MAX_BYTES);

    assertThat(parsed).isInstanceOf(RegisterFrame.class).isEqualTo(frame);
    RouterEntry back = ((RegisterFrame) parsed).routers().get(0);
    assertThat(back.router()).isEqualTo(DID);
    assertThat(back.nonce()).hasSize(64).matches("[0-9a-f]+");
    assertThat(back.proof().created()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    assertThat(back.proof().proofPurpose()).contains("assertionMethod");
    assertThat(back.proof().verificationMethod()).isEqualTo(DID + "#key-1");
    byte[] signature = Base64Codec.decodeUrl(back.proof().proofValue());
    key.publicKey().verify(back.signingInput(), signature);
  }

  @Test
  void signingInputIsPySortedWithoutProofValue() {
    PrivateKeyMaterial key = PrivateKeyMaterial.generate(KeyType.SECP256R1, RANDOM);
    RouterEntry entry = RegisterFrame.signRouter(DID, DID + "#key-1", key, NOW, "n1");
    assertThat(new String(entry.signingInput(), StandardCharsets.US_ASCII))
        .isEqualTo("{\"nonce\":\"n1\",\"proof\":{\"created\":\"2026-01-02T03:04:05Z\",\"proofPurpose\":\"assertionMethod\","
            + "\"type\":\"EcdsaSecp256r1Signature2019\",\"verificationMethod\":\"" + DID + "#key-1\"},"
            + "\"router\":\"" + DID + "\"}");
  }

  @Test
  void tamperedEntryNoLongerVerifies() {
    PrivateKeyMaterial key = PrivateKeyMaterial.generate(KeyType.SECP256R1, RANDOM);
    RouterEntry entry = RegisterFrame.signRouter(DID, DID + "#key-1", key, NOW, "n1");
    ObjectNode json = entry.json();
    json.put("nonce", "n2");
    RouterEntry tampered = RouterEntry.fromJson(json, "routers[0]");
    byte[] signature = Base64Codec.decodeUrl(tampered.proof().proofValue());
    assertThatThrownBy(() -> key.publicKey().verify(tampered.signingInput(), signature))
        .isInstanceOf(IdentityException.class);
  }

  @Test
  void x25519CannotSign() {
    PrivateKeyMaterial key = PrivateKeyMaterial.generate(KeyType.X25519, RANDOM);
    assertThatThrownBy(() -> RegisterFrame.signRouter(DID, DID + "#key-3", key, NOW, "n"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void heartbeatPingAndPong() {
    HeartbeatFrame ping = HeartbeatFrame.ping(NOW, "id1");
    RelayFrame parsed = RelayFrames.parse(ping.toJsonBytes(), 1000);
    assertThat(parsed).isEqualTo(ping);
    assertThat(((HeartbeatFrame) parsed).isPing()).isTrue();
    HeartbeatFrame pong = HeartbeatFrame.pong(ping, NOW.plusSeconds(1));
    assertThat(pong.isPing()).isFalse();
    assertThat(pong.messageId()).isEqualTo("id1");
    assertThat(new String(pong.toJsonBytes(), StandardCharsets.UTF_8))
        .isEqualTo("{\"version\":\"1.0\",\"type\":\"heartbeat\",\"timestamp\":\"2026-01-02T03:04:06.678Z\","
            + "\"messageId\":\"id1\",\"message\":\"pong\"}");
  }

  @Test
  void responseFrameParsesAsRoutedFrame() {
    String text = "{\"version\":\"1.0\",\"type\":\"response\",\"timestamp\":\"2026-01-02T03:04:05.678Z\","
        + "\"messageId\":\"m\",\"destinationDid\":\"" + DID + "\",\"originalType\":\"message\","
        + "\"originalMessageId\":\"o\",\"code\":202,\"detail\":\"queued\"}";
    RoutedFrame frame = (RoutedFrame) RelayFrames.parse(text, 1000);
    assertThat(frame.isResponse()).isTrue();
    assertThat(frame.type()).isEqualTo("response");
    assertThat(frame.destinationDid()).contains(DID);
    assertThat(frame.sourceDid()).isEmpty();
    assertThat(((ErrorResponse) frame.message()).code()).isEqualTo(202);
    assertThat(RelayStatus.fromCode(202)).contains(RelayStatus.QUEUED);
    assertThat(RelayStatus.QUEUED.isFinal()).isFalse();
    assertThat(RelayStatus.fromCode(4003)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "{not json",
    "[]",
    "{\"type\":\"register\"}",
    "{\"version\":\"1.0\",\"type\":3}",
    "{\"version\":\"1.0\",\"type\":\"heartbeat\",\"timestamp\":\"2026-01-02T03:04:05Z\",\"messageId\":\"m\",\"message\":\"hi\"}",
    "{\"version\":\"1.0\",\"type\":\"register\",\"timestamp\":\"2026-01-02T03:04:05Z\",\"messageId\":\"m\",\"routers\":{}}",
    "{\"version\":\"1.0\",\"type\":\"register\",\"timestamp\":\"2026-01-02T03:04:05Z\",\"messageId\":\"m\",\"routers\":[{\"router\":\"nodid\",\"nonce\":\"n\",\"proof\":{}}]}",
    "{\"version\":\"1.0\",\"type\":\"register\",\"timestamp\":\"yesterday\",\"messageId\":\"m\",\"routers\":[]}",
    "{\"version\":\"1.0\",\"type\":\"heartbeat\",\"type\":\"heartbeat\"}",
    "{\"version\":\"1.0\",\"type\":\"message\",\"timestamp\":\"2026-01-02T03:04:05Z\",\"messageId\":\"m\"}"
  })
  void malformedFramesAreInvalidMessage(String text) {
    assertThatThrownBy(() -> RelayFrames.parse(text, 10_000))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.code()).isEqualTo(TransportError.INVALID_MESSAGE));
  }

  @Test
  void missingProofFieldIsNamed() {
    String text = "{\"version\":\"1.0\",\"type\":\"register\",\"timestamp\":\"2026-01-02T03:04:05Z\",\"messageId\":\"m\","
        + "\"routers\":[{\"router\":\"" + DID + "\",\"nonce\":\"n\",\"proof\":{\"type\":\"t\",\"created\":\"2026-01-02T03:04:05Z\","
        + "\"verificationMethod\":\"" + DID + "#k\"}}]}";
    assertThatThrownBy(() -> RelayFrames.parse(text, 10_000))
        .hasMessageContaining("routers[0].proof.proofValue");
  }

  @Test
  void unknownTypeAndVersionAreUnsupported() {
    assertThatThrownBy(() -> RelayFrames.parse("{\"version\":\"1.0\",\"type\":\"subscribe\"}", 1000))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.code()).isEqualTo(TransportError.UNSUPPORTED_MESSAGE));
    assertThatThrownBy(() -> RelayFrames.parse(
            "{\"version\":\"2.0\",\"type\":\"heartbeat\",\"timestamp\":\"2026-01-02T03:04:05Z\",\"messageId\":\"m\",\"message\":\"ping\"}", 1000))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.code()).isEqualTo(TransportError.UNSUPPORTED_MESSAGE));
  }

  @Test
  void sizeLimitIsCheckedAtTheEdge() {
    byte[] ping = HeartbeatFrame.ping(NOW, "id").toJsonBytes();
    assertThat(RelayFrames.parse(ping, ping.length)).isInstanceOf(HeartbeatFrame.class);
    assertThatThrownBy(() -> RelayFrames.parse(ping, ping.length - 1))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.code()).isEqualTo(TransportError.MESSAGE_TOO_LARGE));
  }

  @Test
  void tooManyRoutersAreRejected() {
    PrivateKeyMaterial key = PrivateKeyMaterial.generate(KeyType.ED25519, RANDOM);
    RouterEntry entry = RegisterFrame.signRouter(DID, DID + "#key-1", key, NOW, "n");
    List<RouterEntry> max = java.util.Collections.nCopies(RegisterFrame.MAX_ROUTERS, entry);
    assertThat(RegisterFrame.of(NOW, "m", max).routers()).hasSize(RegisterFrame.MAX_ROUTERS);
    List<RouterEntry> over = java.util.Collections.nCopies(RegisterFrame.MAX_ROUTERS + 1, entry);
    assertThatThrownBy(() -> RegisterFrame.of(NOW, "m", over)).isInstanceOf(IllegalArgumentException.class);
  }
}
