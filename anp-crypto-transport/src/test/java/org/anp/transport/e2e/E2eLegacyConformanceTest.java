package org.anp.transport.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.anp.identity.did.Did;
import org.anp.identity.codec.Hex;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.internal.e2e.Vectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The reference SDK's e2e-legacy vectors (copied from the shared conformance corpus), replayed
 * through our engines: both hellos verified (signature, did:all binding, freshness at the
 * recorded {@code proof.created}), the key schedule re-derived from the recorded ephemeral keys,
 * both Finished messages checked, every message decrypted and every negative case rejected.
 */
class E2eLegacyConformanceTest {
  private static final JsonNode HANDSHAKE = Vectors.load("conformance/e2e-legacy/handshake.json");
  private static final JsonNode MESSAGES = Vectors.load("conformance/e2e-legacy/messages.json");

  @Test
  void handshakeReplaysThroughBothEngines() {
    List<E2eMessage> transcript = new ArrayList<>();
    for (JsonNode entry : HANDSHAKE.get("transcript")) {
      E2eMessage m = E2eMessage.parse(entry.get("wire").asText().getBytes(StandardCharsets.UTF_8));
      assertThat(m.type().wireName()).isEqualTo(entry.get("type").asText());
      transcript.add(m);
    }
    SourceHello sourceHello = (SourceHello) transcript.get(0);
    DestinationHello destinationHello = (DestinationHello) transcript.get(1);
    Finished finishedB = (Finished) transcript.get(2);
    Finished finishedA = (Finished) transcript.get(3);
    Clock clock = Clock.fixed(sourceHello.proof().created(), ZoneOffset.UTC);
    JsonNode a = HANDSHAKE.get("parties").get("A");
    JsonNode b = HANDSHAKE.get("parties").get("B");

    HandshakeEngine initiator =
        HandshakeEngine.initiator(
            config(a, sourceHello.verificationMethod().id(), HANDSHAKE.get("source_hello_random").asText(), clock),
            b.get("did").asText());
    SourceHello ours = (SourceHello) initiator.start().outbound().get(0);
    assertThat(ours.random()).isEqualTo(sourceHello.random());
    assertThat(ours.keyShares().get(0).keyExchange()).isEqualTo(sourceHello.keyShares().get(0).keyExchange());
    HandshakeEngine.Step afterHello = initiator.receive(destinationHello);
    assertThat(afterHello.outbound()).singleElement().isInstanceOf(Finished.class);
    SecureSession sessionA = initiator.receive(finishedB).session().orElseThrow();
    assertKeys(sessionA, a);

    HandshakeEngine responder =
        HandshakeEngine.responder(
            config(b, destinationHello.verificationMethod().id(), HANDSHAKE.get("destination_hello_random").asText(), clock));
    HandshakeEngine.Step reply = responder.receive(sourceHello);
    DestinationHello ourReply = (DestinationHello) reply.outbound().get(0);
    assertThat(ourReply.keyShare().keyExchange()).isEqualTo(destinationHello.keyShare().keyExchange());
    SecureSession sessionB = responder.receive(finishedA).session().orElseThrow();
    assertKeys(sessionB, b);
    assertThat(sessionB.expiresAt())
        .isEqualTo(clock.instant().plusSeconds(HANDSHAKE.get("key_expires_seconds").asLong()));

    // Our Finished messages are accepted by the other side's session.
    sessionB.verifyFinished((Finished) afterHello.outbound().get(0));
    sessionA.verifyFinished((Finished) reply.outbound().get(1));
  }

  @Test
  void helloSigningInputIsTheRecordedString() {
    for (int i = 0; i < 2; i++) {
      E2eMessage hello =
          E2eMessage.parse(
              HANDSHAKE.get("transcript").get(i).get("wire").asText().getBytes(StandardCharsets.UTF_8));
      assertThat(new String(
              org.anp.transport.internal.e2e.HelloSignatures.signingInput(hello.json()), StandardCharsets.UTF_8))
          .isEqualTo(HANDSHAKE.get("hello_signature_checks").get(i).get("signing_string").asText());
    }
  }

  @TestFactory
  Stream<DynamicTest> everyMessageDecryptsToTheRecordedBytes() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode m : MESSAGES.get("messages")) {
      tests.add(DynamicTest.dynamicTest(m.get("message").get("messageId").asText(), () -> {
        EncryptedMessage message = (EncryptedMessage) E2eMessage.parse(m.get("message"));
        assertThat(message).isEqualTo(E2eMessage.parse(m.get("wire").asText().getBytes(StandardCharsets.UTF_8)));
        SecureSession receiver = receiverSession(message.destinationDid(), message.sourceDid(), message.timestamp());
        assertThat(Hex.encode(receiver.decrypt(message))).isEqualTo(m.get("plaintext_utf8_hex").asText());
      }));
    }
    assertThat(tests).hasSize(MESSAGES.get("messages").size()).isNotEmpty();
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyNegativeCaseIsRejected() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode n : MESSAGES.get("negative")) {
      tests.add(DynamicTest.dynamicTest(n.get("id").asText(), () -> {
        assertThat(n.get("expected").asText()).isEqualTo("invalid");
        // Rejected by a check, not by the codec: every negative frame is well-formed.
        assertThatThrownBy(() -> runNegative(n.get("message")))
            .isInstanceOfSatisfying(
                TransportException.class,
                e -> assertThat(e.code()).isNotIn(TransportError.INVALID_MESSAGE, TransportError.UNSUPPORTED_MESSAGE));
      }));
    }
    assertThat(tests).hasSize(MESSAGES.get("negative").size()).isNotEmpty();
    return tests.stream();
  }

  /** Processes one frame as its receiver would, with the receiver's clock at the frame's send time. */
  private static void runNegative(JsonNode json) {
    E2eMessage message = E2eMessage.parse(json);
    Clock clock = Clock.fixed(message.timestamp(), ZoneOffset.UTC);
    if (message instanceof SourceHello hello) {
      PrivateKeyMaterial throwaway = PrivateKeyMaterial.generate(KeyType.SECP256R1, new SecureRandom());
      HandshakeConfig config =
          HandshakeConfig.builder()
              .identity(Did.parse(hello.destinationDid()), throwaway, hello.destinationDid() + "#keys-1")
              .keyBinding(HelloKeyBinding.standard(did -> Optional.empty()))
              .clock(clock)
              .build();
      HandshakeEngine.responder(config).receive(hello);
    } else if (message instanceof Finished finished) {
      receiverSession(finished.destinationDid(), finished.sourceDid(), message.timestamp()).verifyFinished(finished);
    } else if (message instanceof EncryptedMessage encrypted) {
      SecureSession session = receiverSession(encrypted.destinationDid(), encrypted.sourceDid(), message.timestamp());
      SessionKeyStore store = SessionKeyStore.inMemory(10, clock);
      store.put(session);
      store.bySecretKeyId(encrypted.secretKeyId())
          .orElseThrow(() -> new TransportException(
              TransportError.DECRYPTION_KEY_UNKNOWN, "secretKeyId: unknown"))
          .decrypt(encrypted);
    } else {
      throw new AssertionError("no negative handling for " + message.type());
    }
  }

  /** The receiver's session from the keys recorded in messages.json, per direction. */
  private static SecureSession receiverSession(String receiver, String sender, Instant now) {
    Map<String, byte[]> sendKeyByDid = new HashMap<>();
    for (JsonNode m : MESSAGES.get("messages")) {
      sendKeyByDid.put(m.get("message").get("sourceDid").asText(), Hex.decode(m.get("key_hex").asText()));
    }
    byte[] receiveKey = sendKeyByDid.get(sender);
    byte[] sendKey = sendKeyByDid.getOrDefault(receiver, new byte[16]);
    SessionSecrets secrets =
        SessionSecrets.of(
            receiver, sender, Role.RESPONDER, MESSAGES.get("secret_key_id").asText(), sendKey, receiveKey,
            now.minusSeconds(1), now.plusSeconds(3600));
    return SecureSession.restore(secrets, SessionLimits.DEFAULT, Clock.fixed(now, ZoneOffset.UTC), new SecureRandom());
  }

  private static HandshakeConfig config(JsonNode party, String vmId, String random, Clock clock) {
    PrivateKeyMaterial didKey =
        PrivateKeyMaterial.fromRaw(KeyType.SECP256R1, Hex.decode(party.get("did_private_key").get("private_key_hex").asText()));
    PrivateKeyMaterial ephemeral =
        PrivateKeyMaterial.fromRaw(
            KeyType.SECP256R1, Hex.decode(party.get("ephemeral_private_key").get("private_key_hex").asText()));
    return HandshakeConfig.builder()
        .identity(Did.parse(party.get("did").asText()), didKey, vmId)
        .keyBinding(HelloKeyBinding.standard(did -> Optional.empty()))
        .clock(clock)
        .insecureFixedValues(
            new HandshakeConfig.FixedHandshakeValues(ephemeral, random, HANDSHAKE.get("session_id").asText()))
        .build();
  }

  private static void assertKeys(SecureSession session, JsonNode party) {
    SessionSecrets secrets = session.exportSecretsInsecure();
    assertThat(secrets.secretKeyId()).isEqualTo(HANDSHAKE.get("secret_key_id").asText());
    assertThat(Hex.encode(secrets.sendKeyInsecure())).isEqualTo(party.get("send_encryption_key_hex").asText());
    assertThat(Hex.encode(secrets.receiveKeyInsecure())).isEqualTo(party.get("receive_decryption_key_hex").asText());
  }
}
