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
import org.anp.transport.testing.ManualClock;

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
      assertThat(d.senderDid()).hasToString(alice.did());
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
  void keyRefusalsAreResentUpToMaxResendsThenTheNextFails() {
    E2eEndpoint twice = E2eEndpoint.builder(alice.config(clock, random)).maxResends(2).build();
    EncryptedMessage frame = (EncryptedMessage) deliverFirstThenSend(twice);
    for (int resend = 1; resend <= 2; resend++) {
      E2eEndpoint.Output renegotiate = twice.receive(refusalOf(frame)).join();
      assertThat(renegotiate.failures()).as("refusal %d", resend).isEmpty();
      frame = completeHandshakeAndTakeResend(twice, renegotiate);
      assertThat(frame.messageId()).isEqualTo("m-2");
    }
    E2eEndpoint.Output last = twice.receive(refusalOf(frame)).join();
    assertThat(last.failures()).singleElement().satisfies(f -> {
      assertThat(f.messageId()).isEqualTo("m-2");
      assertThat(f.error().code()).isEqualTo(TransportError.DELIVERY_FAILED);
    });
    assertThat(last.outbound()).isEmpty();
  }

  @Test
  void aRefusalOfAnEarlierCopyIsIgnoredWhileTheResendWaitsForItsHandshake() {
    EncryptedMessage frame = (EncryptedMessage) deliverFirstThenSend(a);
    // Bob lost the key and refuses the frame and its copy (a resend after a reconnect).
    ErrorResponse first = refusalOf(frame);
    ErrorResponse copy = refusalOf(frame);
    E2eEndpoint.Output renegotiate = a.receive(first).join();
    assertThat(renegotiate.outbound()).singleElement().isInstanceOf(SourceHello.class);
    E2eEndpoint.Output again = a.receive(copy).join();
    assertThat(again.failures()).as("the send must not fail").isEmpty();
    assertThat(again.outbound()).isEmpty();
    pump(renegotiate);
    assertThat(deliveredToB).extracting(ReceivedMessage::messageId).endsWith("m-2");
    assertThat(failures).isEmpty();
  }

  /** A delivers one payload to B (so a key exists), then sends "m-2" and returns its frame, undelivered. */
  private E2eMessage deliverFirstThenSend(E2eEndpoint sender) {
    Deque<E2eMessage> wire = new ArrayDeque<>(sender.send(bob.did(), "m-1", new byte[] {1}).outbound());
    while (!wire.isEmpty()) {
      E2eMessage f = wire.poll();
      wire.addAll((destination(f).equals(bob.did()) ? b : sender).receive(f).join().outbound());
    }
    return sender.send(bob.did(), "m-2", new byte[] {2}).outbound().get(0);
  }

  /** B's 4003 for {@code frame}, after B lost its key. */
  private ErrorResponse refusalOf(EncryptedMessage frame) {
    b.keyStore().remove(frame.secretKeyId());
    return (ErrorResponse) b.receive(frame).join().outbound().get(0);
  }

  /** Runs the renegotiation between {@code sender} and B by hand; returns the resent frame, undelivered. */
  private EncryptedMessage completeHandshakeAndTakeResend(E2eEndpoint sender, E2eEndpoint.Output renegotiate) {
    Deque<E2eMessage> wire = new ArrayDeque<>(renegotiate.outbound());
    EncryptedMessage resent = null;
    while (!wire.isEmpty()) {
      E2eMessage f = wire.poll();
      if (f instanceof EncryptedMessage m) {
        resent = m;
        continue;
      }
      wire.addAll((destination(f).equals(bob.did()) ? b : sender).receive(f).join().outbound());
    }
    assertThat(resent).isNotNull();
    return resent;
  }

  @Test
  void copiesOfADestinationHelloDoNotFailTheHandshake() {
    List<E2eMessage> answer = b.receive(a.send(bob.did(), "m-1", new byte[] {1}).outbound().get(0)).join().outbound();
    E2eMessage destinationHello = answer.get(0);
    List<E2eMessage> toBob = new ArrayList<>(a.receive(destinationHello).join().outbound());
    E2eEndpoint.Output copy = a.receive(E2eMessage.parse(destinationHello.toJsonBytes())).join();
    assertThat(copy.failures()).as("a resent copy is no protocol violation").isEmpty();
    assertThat(copy.outbound()).isEmpty();
    toBob.addAll(a.receive(answer.get(1)).join().outbound());
    pump(new E2eEndpoint.Output(toBob, List.of(), List.of()));
    assertThat(deliveredToB).extracting(ReceivedMessage::messageId).containsExactly("m-1");
    assertThat(failures).isEmpty();
  }

  @Test
  void copiesOfAFinishedBeforeItsDestinationHelloDoNotFailTheHandshake() {
    List<E2eMessage> answer = b.receive(a.send(bob.did(), "m-1", new byte[] {1}).outbound().get(0)).join().outbound();
    E2eMessage finished = answer.get(1);
    assertThat(a.receive(finished).join().failures()).isEmpty();
    assertThat(a.receive(E2eMessage.parse(finished.toJsonBytes())).join().failures()).isEmpty();
    pump(a.receive(answer.get(0)).join());
    assertThat(deliveredToB).extracting(ReceivedMessage::messageId).containsExactly("m-1");
    assertThat(failures).isEmpty();
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
