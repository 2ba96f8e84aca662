package org.anp.transport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;
import org.anp.transport.testing.ManualClock;

/**
 * A message whose timestamp left the message window before it reached its receiver is refused,
 * so that its sender hears about it; only a repeat of a payload already delivered is settled
 * without an answer (decision 0065). Settling a never-delivered message silently let the
 * messenger acknowledge it, and its sender was told DELIVERED for a payload nobody read.
 */
class E2eEndpointMessageWindowTest {
  private final SecureRandom random = new SecureRandom();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T08:00:00Z"));
  private final Parties.Party alice = Parties.create(random);
  private final Parties.Party bob = Parties.create(random);
  private final E2eEndpoint a = E2eEndpoint.builder(alice.config(clock, random)).build();
  private final E2eEndpoint b = E2eEndpoint.builder(bob.config(clock, random)).build();
  private final Duration pastTheWindow = SessionLimits.DEFAULT.maxMessageAge().plusSeconds(1);

  /** Runs the handshake of a first send to Bob; returns the message it released, not yet delivered. */
  private EncryptedMessage firstMessage() {
    Deque<E2eMessage> wire = new ArrayDeque<>(a.send(bob.did(), "m-1", new byte[] {1}).outbound());
    EncryptedMessage held = null;
    while (!wire.isEmpty()) {
      E2eMessage frame = wire.poll();
      if (frame instanceof EncryptedMessage m) {
        held = m;
        continue;
      }
      boolean toBob = frame.json().path("destinationDid").asText().equals(bob.did());
      wire.addAll((toBob ? b : a).receive(copy(frame)).join().outbound());
    }
    assertThat(held).as("the payload, sent once the handshake completed").isNotNull();
    return held;
  }

  private static E2eMessage copy(E2eMessage frame) {
    return E2eMessage.parse(frame.toJsonBytes());
  }

  @Test
  void aMessageThatArrivesAfterItsWindowIsRefusedAndSettled() {
    EncryptedMessage late = firstMessage();
    clock.advance(pastTheWindow);

    E2eEndpoint.Output out = b.receive(copy(late)).join();

    assertThat(out.delivered()).isEmpty();
    assertThat(out.settled()).singleElement().satisfies(s -> assertThat(s.messageId()).isEqualTo("m-1"));
    assertThat(out.outbound()).singleElement().isInstanceOfSatisfying(ErrorResponse.class, r -> {
      assertThat(r.originalMessageId()).contains("m-1");
      assertThat(r.destinationDid()).contains(alice.did());
      assertThat(r.code()).isEqualTo(4001);
    });
  }

  @Test
  void aRepeatOfADeliveredMessageIsSettledWithoutAnAnswerEvenPastItsWindow() {
    EncryptedMessage message = firstMessage();
    assertThat(b.receive(copy(message)).join().delivered()).hasSize(1);
    clock.advance(pastTheWindow);

    E2eEndpoint.Output again = b.receive(copy(message)).join();

    assertThat(again.delivered()).isEmpty();
    assertThat(again.outbound()).isEmpty();
    assertThat(again.settled()).singleElement().satisfies(s -> assertThat(s.messageId()).isEqualTo("m-1"));
  }

  @Test
  void aReplayedFrameUnderARewrittenIdIsDroppedUnanswered() {
    EncryptedMessage message = firstMessage();
    assertThat(b.receive(copy(message)).join().delivered()).hasSize(1);
    var json = message.json().deepCopy();
    json.put("messageId", "m-rewritten");

    E2eEndpoint.Output replay = b.receive(E2eMessage.parse(json)).join();

    assertThat(replay.delivered()).isEmpty();
    assertThat(replay.outbound()).isEmpty();
    assertThat(replay.failures()).singleElement().satisfies(f -> assertThat(f.messageId()).isEqualTo("m-rewritten"));
  }
}
