package org.anp.transport.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.anp.transport.TransportError;
import org.junit.jupiter.api.Test;
import org.anp.transport.testing.ManualClock;

/**
 * {@link E2eEndpoint}: a message that arrives before the Finished confirming its key (as a relay
 * may hand it over after a reconnect) is held and delivered once the Finished arrives, within
 * bounds (decision record 0008).
 */
class E2eEndpointEarlyMessageTest {
  private final SecureRandom random = new SecureRandom();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T08:00:00Z"));
  private final Parties.Party alice = Parties.create(random);
  private final Parties.Party bob = Parties.create(random);
  private final E2eEndpoint a = E2eEndpoint.builder(alice.config(clock, random)).build();

  /** Alice's handshake with {@code bob} up to her Finished, which is held back. */
  private record Race(Finished alicesFinished, List<E2eMessage> alicesMessages) {}

  /**
   * Alice sends {@code payloads} to Bob on first contact; everything crosses the wire in order
   * except Alice's Finished, which is returned undelivered with the messages it precedes.
   */
  private Race firstContactWithoutAlicesFinished(E2eEndpoint bobSide, String... messageIds) {
    E2eEndpoint.Output hello = a.send(bob.did(), messageIds[0], new byte[] {0});
    for (int i = 1; i < messageIds.length; i++) {
      assertThat(a.send(bob.did(), messageIds[i], new byte[] {(byte) i}).outbound()).isEmpty();
    }
    List<E2eMessage> answer = bobSide.receive(hello.outbound().get(0)).join().outbound();
    Finished finished = null;
    List<E2eMessage> messages = new ArrayList<>();
    for (E2eMessage f : answer) {
      for (E2eMessage toBob : a.receive(f).join().outbound()) {
        if (toBob instanceof Finished fin) {
          finished = fin;
        } else {
          messages.add(toBob);
        }
      }
    }
    assertThat(finished).isNotNull();
    assertThat(messages).hasSize(messageIds.length).allMatch(EncryptedMessage.class::isInstance);
    return new Race(finished, messages);
  }

  @Test
  void aMessageBeforeItsFinishedIsHeldAndDeliveredOnceWhenTheFinishedArrives() {
    E2eEndpoint b = E2eEndpoint.builder(bob.config(clock, random)).build();
    Race race = firstContactWithoutAlicesFinished(b, "m-1", "m-2");
    for (E2eMessage m : race.alicesMessages()) {
      E2eEndpoint.Output early = b.receive(m).join();
      assertThat(early.outbound()).as("no 4003").isEmpty();
      assertThat(early.failures()).isEmpty();
      assertThat(early.delivered()).isEmpty();
      assertThat(early.settled()).as("held, so not settled yet").isEmpty();
    }
    // A copy (the sender's resend after a reconnect) is held as well, and never delivered twice.
    assertThat(b.receive(race.alicesMessages().get(0)).join().outbound()).isEmpty();

    E2eEndpoint.Output done = b.receive(race.alicesFinished()).join();
    assertThat(done.delivered()).extracting(ReceivedMessage::messageId).containsExactly("m-1", "m-2");
    assertThat(done.outbound()).isEmpty();
    assertThat(done.settled()).as("both messages and the copy, by the call that released them").containsExactly(
        new E2eEndpoint.Settled(alice.did(), "m-1"), new E2eEndpoint.Settled(alice.did(), "m-2"),
        new E2eEndpoint.Settled(alice.did(), "m-1"));
  }

  @Test
  void theInitiatorHoldsTooWhenTheRespondersFinishedComesLate() {
    E2eEndpoint b = E2eEndpoint.builder(bob.config(clock, random)).build();
    // Bob initiates; Alice answers with her destinationHello and Finished; Bob's Finished lets
    // Alice send at once, and her message overtakes her Finished on the way to Bob.
    E2eEndpoint.Output hello = b.send(alice.did(), "b-1", new byte[] {1});
    List<E2eMessage> answer = a.receive(hello.outbound().get(0)).join().outbound();
    E2eMessage alicesFinished = answer.get(1);
    List<E2eMessage> bobsFinished = b.receive(answer.get(0)).join().outbound();
    a.receive(bobsFinished.get(0)).join();
    EncryptedMessage early = (EncryptedMessage) a.send(bob.did(), "a-1", new byte[] {2}).outbound().get(0);

    assertThat(b.receive(early).join().outbound()).isEmpty();
    E2eEndpoint.Output done = b.receive(alicesFinished).join();
    assertThat(done.delivered()).extracting(ReceivedMessage::messageId).containsExactly("a-1");
  }

  @Test
  void aHeldMessageIsRefusedWhenItsHandshakeTimesOutAndTheSenderResends() {
    E2eEndpoint b = E2eEndpoint.builder(bob.config(clock, random)).build();
    Race race = firstContactWithoutAlicesFinished(b, "m-1");
    assertThat(b.receive(race.alicesMessages().get(0)).join().outbound()).isEmpty();

    clock.advance(Duration.ofSeconds(10));
    assertThat(b.expire(clock.instant()).outbound()).as("held up to the handshake timeout").isEmpty();
    clock.advance(Duration.ofSeconds(1));
    E2eEndpoint.Output expired = b.expire(clock.instant());
    assertThat(expired.settled()).containsExactly(new E2eEndpoint.Settled(alice.did(), "m-1"));
    assertThat(expired.outbound()).singleElement().isInstanceOfSatisfying(ErrorResponse.class, r -> {
      assertThat(r.code()).isEqualTo(4003);
      assertThat(r.originalMessageId()).contains("m-1");
    });
    assertThat(b.receive(race.alicesFinished()).join().delivered()).as("the Finished is too late").isEmpty();
    E2eEndpoint.Output renegotiate = a.receive(expired.outbound().get(0)).join();
    assertThat(renegotiate.outbound()).singleElement().isInstanceOf(SourceHello.class);
  }

  @Test
  void heldMessagesAreBoundedPerSenderAndInTotal() {
    E2eEndpoint b = E2eEndpoint.builder(bob.config(clock, random)).maxEarlyMessages(2, 3).build();
    Race fromAlice = firstContactWithoutAlicesFinished(b, "m-1", "m-2", "m-3");
    assertThat(b.receive(fromAlice.alicesMessages().get(0)).join().outbound()).isEmpty();
    assertThat(b.receive(fromAlice.alicesMessages().get(1)).join().outbound()).as("at the bound per sender").isEmpty();
    assertThat(b.receive(fromAlice.alicesMessages().get(2)).join().outbound()).as("beyond it").singleElement()
        .isInstanceOfSatisfying(ErrorResponse.class, r -> assertThat(r.code()).isEqualTo(4003));

    Parties.Party carol = Parties.create(random);
    E2eEndpoint c = E2eEndpoint.builder(carol.config(clock, random)).build();
    List<E2eMessage> carols = carolWithoutHerFinished(c, b, 2);
    assertThat(b.receive(carols.get(0)).join().outbound()).as("at the total bound").isEmpty();
    assertThat(b.receive(carols.get(1)).join().outbound()).as("beyond it").singleElement()
        .isInstanceOfSatisfying(ErrorResponse.class, r -> assertThat(r.code()).isEqualTo(4003));

    assertThat(b.receive(fromAlice.alicesFinished()).join().delivered())
        .extracting(ReceivedMessage::messageId).containsExactly("m-1", "m-2");
  }

  @Test
  void withoutAHandshakeUnderWayAnUnknownKeyIsRefusedAtOnce() {
    E2eEndpoint b = E2eEndpoint.builder(bob.config(clock, random)).build();
    Race race = firstContactWithoutAlicesFinished(b, "m-1");
    b.receive(race.alicesFinished()).join();
    E2eEndpoint.Output direct = a.send(bob.did(), "m-2", new byte[] {2});
    EncryptedMessage m = (EncryptedMessage) direct.outbound().get(0);
    b.keyStore().remove(m.secretKeyId()); // e.g. Bob restarted
    E2eEndpoint.Output refused = b.receive(m).join();
    assertThat(refused.outbound()).singleElement()
        .isInstanceOfSatisfying(ErrorResponse.class, r -> assertThat(r.code()).isEqualTo(4003));
    assertThat(refused.settled()).containsExactly(new E2eEndpoint.Settled(alice.did(), "m-2"));
  }

  @Test
  void holdingCanBeTurnedOff() {
    E2eEndpoint b = E2eEndpoint.builder(bob.config(clock, random)).maxEarlyMessages(0, 0).build();
    Race race = firstContactWithoutAlicesFinished(b, "m-1");
    assertThat(b.receive(race.alicesMessages().get(0)).join().outbound()).singleElement()
        .isInstanceOfSatisfying(ErrorResponse.class, r -> assertThat(r.code()).isEqualTo(4003));
  }

  @Test
  void builderRejectsBadEarlyMessageBounds() {
    E2eEndpoint.Builder builder = E2eEndpoint.builder(bob.config(clock, random));
    assertThatThrownBy(() -> builder.maxEarlyMessages(-1, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.maxEarlyMessages(3, 2)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Carol's first {@code count} messages to Bob, with her Finished held back. */
  private List<E2eMessage> carolWithoutHerFinished(E2eEndpoint c, E2eEndpoint b, int count) {
    E2eEndpoint.Output hello = c.send(bob.did(), "c-0", new byte[] {0});
    for (int i = 1; i < count; i++) {
      c.send(bob.did(), "c-" + i, new byte[] {(byte) i});
    }
    List<E2eMessage> messages = new ArrayList<>();
    for (E2eMessage f : b.receive(hello.outbound().get(0)).join().outbound()) {
      c.receive(f).join().outbound().stream().filter(EncryptedMessage.class::isInstance).forEach(messages::add);
    }
    assertThat(messages).hasSize(count);
    return messages;
  }
}
