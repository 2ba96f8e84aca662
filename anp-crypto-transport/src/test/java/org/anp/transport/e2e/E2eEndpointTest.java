package org.anp.transport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.anp.transport.TransportError;
import org.junit.jupiter.api.Test;

class E2eEndpointTest {
  private final SecureRandom random = new SecureRandom();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T08:00:00Z"));
  private final Parties.Party alice = Parties.create(random);
  private final Parties.Party bob = Parties.create(random);
  private final E2eEndpoint a = E2eEndpoint.builder(alice.config(clock, random)).build();
  private final E2eEndpoint b = E2eEndpoint.builder(bob.config(clock, random)).build();
  private final List<ReceivedMessage> deliveredToB = new ArrayList<>();
  private final List<ReceivedMessage> deliveredToA = new ArrayList<>();
  private final List<E2eEndpoint.Failure> failures = new ArrayList<>();

  /** Moves frames between the two endpoints until none is left. */
  private void pump(E2eEndpoint.Output first) {
    Deque<E2eMessage> wire = new ArrayDeque<>(first.outbound());
    failures.addAll(first.failures());
    Map<String, E2eEndpoint> byDid = Map.of(alice.did(), a, bob.did(), b);
    while (!wire.isEmpty()) {
      E2eMessage frame = wire.poll();
      String to = destination(frame);
      // Frames cross the wire as bytes.
      E2eEndpoint.Output out = byDid.get(to).receive(E2eMessage.parse(frame.toJsonBytes())).join();
      wire.addAll(out.outbound());
      failures.addAll(out.failures());
      (to.equals(bob.did()) ? deliveredToB : deliveredToA).addAll(out.delivered());
    }
  }

  private static String destination(E2eMessage m) {
    if (m instanceof SourceHello h) {
      return h.destinationDid();
    } else if (m instanceof DestinationHello h) {
      return h.destinationDid();
    } else if (m instanceof Finished f) {
      return f.destinationDid();
    } else if (m instanceof EncryptedMessage e) {
      return e.destinationDid();
    }
    return ((ErrorResponse) m).destinationDid().orElseThrow();
  }

  @Test
  void firstSendRunsAHandshakeThenDelivers() {
    E2eEndpoint.Output out = a.send(bob.did(), new byte[] {0x00, 1, 2});
    assertThat(out.outbound()).singleElement().isInstanceOf(SourceHello.class);
    pump(out);
    assertThat(deliveredToB).singleElement().satisfies(d -> {
      assertThat(d.payload()).containsExactly(0x00, 1, 2);
      assertThat(d.senderDid()).isEqualTo(alice.did());
    });
    assertThat(failures).isEmpty();
    // Now a key exists both ways: the next sends are one frame each.
    E2eEndpoint.Output direct = a.send(bob.did(), new byte[] {3});
    assertThat(direct.outbound()).singleElement().isInstanceOf(EncryptedMessage.class);
    pump(direct);
    pump(b.send(alice.did(), new byte[] {4}));
    assertThat(deliveredToA).singleElement().satisfies(d -> assertThat(d.payload()).containsExactly(4));
  }

  @Test
  void unknownKeyTriggersRenegotiationAndOneResend() {
    pump(a.send(bob.did(), new byte[] {1}));
    String firstKey = a.keyStore().current(alice.did(), bob.did()).orElseThrow().secretKeyId();
    b.keyStore().remove(firstKey); // e.g. B restarted and lost its keys
    pump(a.send(bob.did(), new byte[] {2}));
    assertThat(failures).extracting(f -> f.error().code()).containsExactly(TransportError.DECRYPTION_KEY_UNKNOWN);
    assertThat(deliveredToB).extracting(d -> d.payload()[0]).containsExactly((byte) 1, (byte) 2);
    assertThat(a.keyStore().current(alice.did(), bob.did()).orElseThrow().secretKeyId()).isNotEqualTo(firstKey);
    assertThat(a.keyStore().bySecretKeyId(firstKey)).isEmpty();
  }

  @Test
  void resendHappensOnlyOnce() {
    pump(a.send(bob.did(), new byte[] {1}));
    E2eEndpoint.Output out = a.send(bob.did(), new byte[] {2});
    EncryptedMessage frame = (EncryptedMessage) out.outbound().get(0);
    b.keyStore().remove(frame.secretKeyId());
    E2eEndpoint.Output refusal = b.receive(frame).join();
    E2eEndpoint.Output renegotiate = a.receive(refusal.outbound().get(0)).join();
    assertThat(renegotiate.outbound()).singleElement().isInstanceOf(SourceHello.class);
    // Complete the handshake by hand; drop the resent frame's key at B before it arrives.
    Deque<E2eMessage> wire = new ArrayDeque<>(renegotiate.outbound());
    E2eMessage resent = null;
    while (!wire.isEmpty()) {
      E2eMessage f = wire.poll();
      if (f instanceof EncryptedMessage m) {
        resent = m;
        continue;
      }
      E2eEndpoint target = destination(f).equals(bob.did()) ? b : a;
      wire.addAll(target.receive(f).join().outbound());
    }
    EncryptedMessage resentFrame = (EncryptedMessage) resent;
    assertThat(resentFrame.messageId()).isEqualTo(frame.messageId());
    b.keyStore().remove(resentFrame.secretKeyId());
    E2eEndpoint.Output second = a.receive(b.receive(resentFrame).join().outbound().get(0)).join();
    assertThat(second.failures()).singleElement()
        .satisfies(f -> assertThat(f.error().code()).isEqualTo(TransportError.DELIVERY_FAILED));
    assertThat(second.outbound()).isEmpty();
  }

  @Test
  void forgedKeyErrorNeverCausesADuplicateDelivery() {
    E2eEndpoint.Output out = a.send(bob.did(), new byte[] {7});
    pump(out);
    assertThat(deliveredToB).hasSize(1);
    String messageId = deliveredToB.get(0).messageId();
    String keyId = a.keyStore().current(alice.did(), bob.did()).orElseThrow().secretKeyId();
    // An attacker on the path forges "key unknown" for a frame B already delivered.
    ObjectNode forged = ((ErrorResponse) b.receive(fakeFrameWithUnknownKey(messageId)).join().outbound().get(0)).json();
    forged.put("originalMessageId", messageId);
    pump(new E2eEndpoint.Output(List.of(E2eMessage.parse(forged)), List.of(), List.of()));
    assertThat(a.keyStore().bySecretKeyId(keyId)).isEmpty();
    assertThat(deliveredToB).hasSize(1);
  }

  @Test
  void keyNearExpiryIsRenewedWhileStillUsed() {
    E2eEndpoint shortA =
        E2eEndpoint.builder(alice.configBuilder(clock, random).keyLifetime(Duration.ofSeconds(120)).build()).build();
    E2eEndpoint.Output first = shortA.send(bob.did(), new byte[] {1});
    Deque<E2eMessage> wire = new ArrayDeque<>(first.outbound());
    while (!wire.isEmpty()) {
      E2eMessage f = wire.poll();
      wire.addAll((destination(f).equals(bob.did()) ? b : shortA).receive(f).join().outbound());
    }
    clock.advance(Duration.ofSeconds(61));
    E2eEndpoint.Output renewing = shortA.send(bob.did(), new byte[] {2});
    assertThat(renewing.outbound()).hasSize(2);
    assertThat(renewing.outbound().get(0)).isInstanceOf(SourceHello.class);
    assertThat(renewing.outbound().get(1)).isInstanceOf(EncryptedMessage.class);
  }

  @Test
  void badHelloIsAnsweredWithAResponseCode() {
    E2eMessage hello = HandshakeEngine.initiator(alice.config(clock, random), bob.did()).start().outbound().get(0);
    ObjectNode tampered = hello.json();
    tampered.put("random", "00");
    E2eEndpoint.Output out = b.receive(E2eMessage.parse(tampered)).join();
    assertThat(out.outbound()).singleElement().isInstanceOfSatisfying(ErrorResponse.class, r -> {
      assertThat(r.code()).isEqualTo(403);
      assertThat(r.originalMessageId()).contains(hello.messageId());
    });
  }

  private EncryptedMessage fakeFrameWithUnknownKey(String messageId) {
    SecureSession stray =
        SecureSession.restore(
            SessionSecrets.of(alice.did(), bob.did(), Role.INITIATOR, "ffffffffffffffff", new byte[16], new byte[16],
                clock.instant(), clock.instant().plusSeconds(60)),
            SessionLimits.DEFAULT, clock, random);
    return stray.encrypt(messageId, new byte[] {0});
  }
}
