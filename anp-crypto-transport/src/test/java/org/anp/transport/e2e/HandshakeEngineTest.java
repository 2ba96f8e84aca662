package org.anp.transport.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.anp.identity.did.Did;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.anp.transport.testing.ManualClock;

class HandshakeEngineTest {
  private final SecureRandom random = new SecureRandom();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T08:00:00.250Z"));
  private final Parties.Party alice = Parties.create(random);
  private final Parties.Party bob = Parties.create(random);

  /** Runs a full handshake; returns {initiator session, responder session}. */
  private SecureSession[] handshake(HandshakeConfig a, HandshakeConfig b) {
    HandshakeEngine initiator = HandshakeEngine.initiator(a, bob.did());
    HandshakeEngine responder = HandshakeEngine.responder(b);
    E2eMessage hello = initiator.start().outbound().get(0);
    HandshakeEngine.Step reply = responder.receive(hello);
    assertThat(reply.outbound()).hasSize(2);
    assertThat(responder.state()).isEqualTo(HandshakeState.WAIT_FINISHED);
    HandshakeEngine.Step fin = initiator.receive(reply.outbound().get(0));
    assertThat(fin.session()).isEmpty();
    SecureSession sa = initiator.receive(reply.outbound().get(1)).session().orElseThrow();
    SecureSession sb = responder.receive(fin.outbound().get(0)).session().orElseThrow();
    assertThat(initiator.state()).isEqualTo(HandshakeState.ESTABLISHED);
    assertThat(responder.state()).isEqualTo(HandshakeState.ESTABLISHED);
    return new SecureSession[] {sa, sb};
  }

  @Test
  void twoEnginesAgreeAndExchangeBinaryPayloads() {
    SecureSession[] s = handshake(alice.config(clock, random), bob.config(clock, random));
    assertThat(s[0].secretKeyId()).isEqualTo(s[1].secretKeyId()).hasSize(16);
    assertThat(s[0].role()).isEqualTo(Role.INITIATOR);
    assertThat(s[1].role()).isEqualTo(Role.RESPONDER);
    byte[] frame = {(byte) 0x80, 0x00, (byte) 0xff, 0x7f};
    EncryptedMessage m = s[0].encrypt(frame);
    assertThat(s[1].decrypt(m)).isEqualTo(frame);
    EncryptedMessage back = s[1].encrypt(new byte[0]);
    assertThat(s[0].decrypt(back)).isEmpty();
    // A party cannot decrypt its own frames: keys follow the role (ambiguity 22).
    assertThatThrownBy(() -> s[0].decrypt(m)).isInstanceOf(TransportException.class);
    assertThat(s[0].toString()).doesNotContain(
        org.anp.identity.codec.Hex.encode(s[0].exportSecretsInsecure().sendKeyInsecure()));
    assertThat(new String(m.toJsonBytes(), StandardCharsets.UTF_8)).contains("\"secretKeyId\":\"" + s[0].secretKeyId());
  }

  @Test
  void lifetimeIsTheShorterOfBothSides() {
    HandshakeConfig a = alice.configBuilder(clock, random).keyLifetime(Duration.ofSeconds(100)).build();
    SecureSession[] s = handshake(a, bob.config(clock, random));
    assertThat(s[0].expiresAt()).isEqualTo(clock.instant().plusSeconds(100));
    assertThat(s[1].expiresAt()).isEqualTo(clock.instant().plusSeconds(100));
  }

  @Test
  void expiryAtTheBoundary() {
    HandshakeConfig a = alice.configBuilder(clock, random).keyLifetime(Duration.ofSeconds(60)).build();
    SecureSession[] s = handshake(a, bob.config(clock, random));
    clock.advance(Duration.ofSeconds(59).plusMillis(999));
    EncryptedMessage lastGood = s[0].encrypt(new byte[] {1});
    assertThat(s[1].decrypt(lastGood)).containsExactly(1);
    assertThat(s[0].isExpired()).isFalse();
    EncryptedMessage inFlight = s[1].encrypt(new byte[] {3});
    clock.advance(Duration.ofMillis(1));
    assertThat(s[0].isExpired()).isTrue();
    assertThatThrownBy(() -> s[0].encrypt(new byte[] {2}))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.code()).isEqualTo(TransportError.ENCRYPTION_KEY_EXPIRED));
    assertThatThrownBy(() -> s[0].decrypt(inFlight))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.code()).isEqualTo(TransportError.DECRYPTION_KEY_EXPIRED));
  }

  @Test
  void replayedFrameAndFrameWithRewrittenIdAreRefused() {
    SecureSession[] s = handshake(alice.config(clock, random), bob.config(clock, random));
    EncryptedMessage m = s[0].encrypt(new byte[] {9});
    s[1].decrypt(m);
    assertThatThrownBy(() -> s[1].decrypt(m))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.code()).isEqualTo(TransportError.MESSAGE_REPLAYED));
    ObjectNode rewritten = m.json();
    rewritten.put("messageId", "0000000000000000");
    assertThatThrownBy(() -> s[1].decrypt((EncryptedMessage) E2eMessage.parse(rewritten)))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.code()).isEqualTo(TransportError.MESSAGE_REPLAYED));
  }

  @Test
  void framesOutsideTheWindowAreRefused() {
    SecureSession[] s = handshake(alice.config(clock, random), bob.config(clock, random));
    EncryptedMessage old = s[0].encrypt(new byte[] {1});
    clock.advance(Duration.ofMinutes(5).plusMillis(1));
    assertThatThrownBy(() -> s[1].decrypt(old))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.code()).isEqualTo(TransportError.MESSAGE_REPLAYED))
        .hasMessageContaining("timestamp");
  }

  @Test
  void helloSignedByAKeyThatIsNotTheDidsIsRejected() {
    PrivateKeyMaterial rogue = PrivateKeyMaterial.generate(KeyType.SECP256R1, random);
    HandshakeConfig mallory =
        HandshakeConfig.builder()
            .identity(Did.parse(alice.did()), rogue, alice.vmId())
            .keyBinding(HelloKeyBinding.standard(d -> Optional.empty()))
            .clock(clock)
            .build();
    E2eMessage hello = HandshakeEngine.initiator(mallory, bob.did()).start().outbound().get(0);
    HandshakeEngine responder = HandshakeEngine.responder(bob.config(clock, random));
    assertThatThrownBy(() -> responder.receive(hello))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.code()).isEqualTo(TransportError.DID_KEY_MISMATCH));
    assertThat(responder.state()).isEqualTo(HandshakeState.FAILED);
  }

  @Test
  void didWbaBindingNeedsTheKeyInTheDocument() {
    HelloKeyBinding noDocument = HelloKeyBinding.standard(d -> Optional.empty());
    assertThatThrownBy(() -> noDocument.check("did:wba:example.com", "did:wba:example.com#k", alice.key().publicKey()))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.code()).isEqualTo(TransportError.DID_NOT_FOUND));
  }

  @Test
  void replayedHelloIsRejectedEvenBySharedConfig() {
    HandshakeConfig b = bob.config(clock, random);
    E2eMessage hello = HandshakeEngine.initiator(alice.config(clock, random), bob.did()).start().outbound().get(0);
    HandshakeEngine.responder(b).receive(hello);
    assertThatThrownBy(() -> HandshakeEngine.responder(b).receive(hello))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.code()).isEqualTo(TransportError.HELLO_REPLAYED));
  }

  @Test
  void helloFreshnessWindowEdges() {
    E2eMessage hello = HandshakeEngine.initiator(alice.config(clock, random), bob.did()).start().outbound().get(0);
    Instant created = ((SourceHello) hello).proof().created();
    ManualClock late = new ManualClock(created.plusSeconds(30));
    HandshakeEngine.responder(bob.config(late, random)).receive(hello);
    ManualClock tooLate = new ManualClock(created.plusSeconds(31));
    assertThatThrownBy(() -> HandshakeEngine.responder(bob.config(tooLate, random)).receive(hello))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.code()).isEqualTo(TransportError.HELLO_STALE));
  }

  @Test
  void finishedWithAWrongKeyIdIsRejected() {
    HandshakeEngine initiator = HandshakeEngine.initiator(alice.config(clock, random), bob.did());
    HandshakeEngine responder = HandshakeEngine.responder(bob.config(clock, random));
    HandshakeEngine.Step reply = responder.receive(initiator.start().outbound().get(0));
    initiator.receive(reply.outbound().get(0));
    // A Finished from an unrelated session between the same parties, under another key.
    SecureSession[] other = handshake(alice.config(clock, random), bob.config(clock, random));
    Finished foreign = other[1].finished(((Finished) reply.outbound().get(1)).sessionId());
    assertThatThrownBy(() -> initiator.receive(foreign))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.code()).isEqualTo(TransportError.FINISHED_INVALID));
  }

  @Test
  void finishedBeforeDestinationHelloIsHeldAndOtherDisorderRejected() {
    HandshakeEngine initiator = HandshakeEngine.initiator(alice.config(clock, random), bob.did());
    HandshakeEngine responder = HandshakeEngine.responder(bob.config(clock, random));
    HandshakeEngine.Step reply = responder.receive(initiator.start().outbound().get(0));
    assertThat(initiator.receive(reply.outbound().get(1)).outbound()).isEmpty();
    HandshakeEngine.Step done = initiator.receive(reply.outbound().get(0));
    assertThat(done.session()).isPresent();
    assertThat(responder.receive(done.outbound().get(0)).session()).isPresent();

    HandshakeEngine fresh = HandshakeEngine.responder(bob.config(clock, random));
    assertThatThrownBy(() -> fresh.receive(reply.outbound().get(1)))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.code()).isEqualTo(TransportError.UNEXPECTED_MESSAGE));
    assertThatThrownBy(() -> initiator.receive(reply.outbound().get(0)))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.code()).isEqualTo(TransportError.UNEXPECTED_MESSAGE));
  }

  @Test
  void handshakeTimesOut() {
    HandshakeEngine initiator = HandshakeEngine.initiator(alice.config(clock, random), bob.did());
    HandshakeEngine.Step reply = HandshakeEngine.responder(bob.config(clock, random)).receive(initiator.start().outbound().get(0));
    clock.advance(Duration.ofSeconds(11));
    assertThatThrownBy(() -> initiator.receive(reply.outbound().get(0)))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.code()).isEqualTo(TransportError.HANDSHAKE_TIMEOUT));
  }

  @Test
  void concurrentNegotiationsWithOnePeerYieldIndependentKeys() {
    HandshakeConfig a = alice.config(clock, random);
    HandshakeConfig b = bob.config(clock, random);
    List<HandshakeEngine> initiators = new ArrayList<>();
    List<HandshakeEngine> responders = new ArrayList<>();
    List<HandshakeEngine.Step> replies = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      HandshakeEngine in = HandshakeEngine.initiator(a, bob.did());
      HandshakeEngine re = HandshakeEngine.responder(b);
      replies.add(re.receive(in.start().outbound().get(0)));
      initiators.add(in);
      responders.add(re);
    }
    List<String> ids = new ArrayList<>();
    for (int i = 2; i >= 0; i--) {
      HandshakeEngine.Step fin = initiators.get(i).receive(replies.get(i).outbound().get(0));
      SecureSession sa = initiators.get(i).receive(replies.get(i).outbound().get(1)).session().orElseThrow();
      SecureSession sb = responders.get(i).receive(fin.outbound().get(0)).session().orElseThrow();
      assertThat(sb.decrypt(sa.encrypt(new byte[] {(byte) i}))).containsExactly((byte) i);
      ids.add(sa.secretKeyId());
    }
    assertThat(ids).doesNotHaveDuplicates();
  }

  /** Every leaf of every hello and Finished, changed one at a time, is rejected. */
  @TestFactory
  Stream<DynamicTest> everyFieldOfEveryHandshakeMessageTampered() {
    List<DynamicTest> tests = new ArrayList<>();
    E2eMessage sourceHello =
        HandshakeEngine.initiator(alice.config(clock, random), bob.did()).start().outbound().get(0);
    for (String path : leaves(sourceHello.json(), "")) {
      tests.add(DynamicTest.dynamicTest("sourceHello " + path, () -> {
        ObjectNode t = tamper(sourceHello.json(), path);
        assertRejected(() -> HandshakeEngine.responder(bob.config(clock, random)).receive(E2eMessage.parse(t)));
      }));
    }
    // destinationHello and the responder's Finished, against a fresh initiator each time.
    for (String kind : List.of("destinationHello", "finished")) {
      HandshakeEngine probe = HandshakeEngine.initiator(alice.config(clock, random), bob.did());
      HandshakeEngine.Step reply =
          HandshakeEngine.responder(bob.config(clock, random)).receive(probe.start().outbound().get(0));
      E2eMessage target = reply.outbound().get(kind.equals("finished") ? 1 : 0);
      for (String path : leaves(target.json(), "")) {
        if (kind.equals("finished") && (path.equals("timestamp") || path.equals("messageId"))) {
          continue; // not authenticated by the protocol: Finished carries no signature or AAD
        }
        tests.add(DynamicTest.dynamicTest(kind + " " + path, () -> {
          HandshakeEngine initiator = HandshakeEngine.initiator(alice.config(clock, random), bob.did());
          HandshakeEngine responder = HandshakeEngine.responder(bob.config(clock, random));
          HandshakeEngine.Step r = responder.receive(initiator.start().outbound().get(0));
          E2eMessage original = r.outbound().get(kind.equals("finished") ? 1 : 0);
          ObjectNode t = tamper(original.json(), path);
          assertRejected(() -> {
            if (kind.equals("finished")) {
              initiator.receive(r.outbound().get(0));
            }
            initiator.receive(E2eMessage.parse(t));
          });
        }));
      }
    }
    return tests.stream();
  }

  private static void assertRejected(Runnable r) {
    assertThatThrownBy(r::run).isInstanceOf(TransportException.class);
  }

  private static List<String> leaves(JsonNode node, String prefix) {
    List<String> out = new ArrayList<>();
    if (node.isObject()) {
      node.fieldNames().forEachRemaining(f -> out.addAll(leaves(node.get(f), prefix.isEmpty() ? f : prefix + "." + f)));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        out.addAll(leaves(node.get(i), prefix + "." + i));
      }
    } else {
      out.add(prefix);
    }
    return out;
  }

  /** Changes the leaf at {@code path}: strings get one character changed, numbers +1. */
  private static ObjectNode tamper(ObjectNode root, String path) {
    String[] parts = path.split("\\.");
    JsonNode parent = root;
    for (int i = 0; i < parts.length - 1; i++) {
      parent = parent.isArray() ? parent.get(Integer.parseInt(parts[i])) : parent.get(parts[i]);
    }
    String last = parts[parts.length - 1];
    JsonNode leaf = parent.isArray() ? parent.get(Integer.parseInt(last)) : parent.get(last);
    JsonNode changed;
    if (leaf.isTextual()) {
      String s = leaf.textValue();
      char c = s.isEmpty() ? 'a' : s.charAt(s.length() / 2);
      char swapped = c == 'A' ? 'B' : 'A';
      changed = new TextNode(s.isEmpty() ? "A" : s.substring(0, s.length() / 2) + swapped + s.substring(s.length() / 2 + 1));
    } else {
      changed = IntNode.valueOf(leaf.asInt() + 1);
    }
    if (parent instanceof ArrayNode array) {
      array.set(Integer.parseInt(last), changed);
    } else {
      ((ObjectNode) parent).set(last, changed);
    }
    return root;
  }
}
