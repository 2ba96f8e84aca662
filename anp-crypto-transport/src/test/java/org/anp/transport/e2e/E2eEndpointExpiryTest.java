package org.anp.transport.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.anp.transport.TransportError;
import org.junit.jupiter.api.Test;
import org.anp.transport.testing.ManualClock;

/** {@link E2eEndpoint#send(String, String, byte[])} and {@link E2eEndpoint#expire(Instant)}. */
class E2eEndpointExpiryTest {
  private final SecureRandom random = new SecureRandom();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T08:00:00Z"));
  private final Parties.Party alice = Parties.create(random);
  private final Parties.Party bob = Parties.create(random);
  private final E2eEndpoint a = E2eEndpoint.builder(alice.config(clock, random)).build();
  private final E2eEndpoint b = E2eEndpoint.builder(bob.config(clock, random)).build();

  /** Moves frames both ways until none is left; returns what B delivered. */
  private List<ReceivedMessage> pump(E2eEndpoint.Output first) {
    List<ReceivedMessage> delivered = new ArrayList<>();
    Deque<E2eMessage> wire = new ArrayDeque<>(first.outbound());
    while (!wire.isEmpty()) {
      E2eMessage frame = wire.poll();
      boolean toBob = frame.json().path("destinationDid").asText().equals(bob.did());
      E2eEndpoint.Output out = (toBob ? b : a).receive(E2eMessage.parse(frame.toJsonBytes())).join();
      wire.addAll(out.outbound());
      if (toBob) {
        delivered.addAll(out.delivered());
      }
    }
    return delivered;
  }

  @Test
  void theCallersMessageIdIsUsedOnTheWireAndInTheDelivery() {
    List<ReceivedMessage> delivered = pump(a.send(bob.did(), "id-queued-0001", new byte[] {1}));
    E2eEndpoint.Output direct = a.send(bob.did(), "id-direct-0002", new byte[] {2});

    assertThat(direct.outbound()).singleElement().satisfies(f -> assertThat(f.messageId()).isEqualTo("id-direct-0002"));
    delivered.addAll(pump(direct));
    assertThat(delivered).extracting(ReceivedMessage::messageId).containsExactly("id-queued-0001", "id-direct-0002");
  }

  @Test
  void anEmptyMessageIdIsAProgrammingError() {
    assertThatThrownBy(() -> a.send(bob.did(), "", new byte[] {1})).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anUnansweredHandshakeFailsItsQueuedPayloadsAfterTheTimeoutAndNotBefore() {
    E2eEndpoint.Output first = a.send(bob.did(), "m-1", new byte[] {1});
    assertThat(first.outbound()).singleElement().isInstanceOf(SourceHello.class);
    assertThat(a.send(bob.did(), "m-2", new byte[] {2}).outbound()).isEmpty();
    Instant deadline = clock.instant().plus(Duration.ofSeconds(10));

    assertThat(a.expire(deadline).failures()).isEmpty();
    E2eEndpoint.Output expired = a.expire(deadline.plusMillis(1));

    assertThat(expired.failures()).extracting(E2eEndpoint.Failure::messageId).containsExactly("m-1", "m-2");
    assertThat(expired.failures()).allSatisfy(f -> {
      assertThat(f.remoteDid()).isEqualTo(bob.did());
      assertThat(f.error().code()).isEqualTo(TransportError.DELIVERY_FAILED);
      assertThat(f.error().getCause()).isInstanceOfSatisfying(org.anp.transport.TransportException.class,
          c -> assertThat(c.code()).isEqualTo(TransportError.HANDSHAKE_TIMEOUT));
    });
    assertThat(a.expire(deadline.plusSeconds(60)).failures()).isEmpty();
  }

  @Test
  void afterExpiryTheNextSendStartsAFreshHandshakeThatCompletes() {
    E2eEndpoint.Output lost = a.send(bob.did(), "m-1", new byte[] {1});
    clock.advance(Duration.ofSeconds(11));
    assertThat(a.expire(clock.instant()).failures()).hasSize(1);

    E2eEndpoint.Output retry = a.send(bob.did(), "m-2", new byte[] {2});

    assertThat(retry.outbound()).singleElement().isInstanceOf(SourceHello.class);
    assertThat(((SourceHello) retry.outbound().get(0)).sessionId())
        .isNotEqualTo(((SourceHello) lost.outbound().get(0)).sessionId());
    assertThat(pump(retry)).extracting(ReceivedMessage::messageId).containsExactly("m-2");
  }

  @Test
  void completedHandshakesAreNotExpiredAndAResponderSideHandshakeIsDroppedSilently() {
    pump(a.send(bob.did(), "m-1", new byte[] {1}));
    clock.advance(Duration.ofMinutes(5));
    assertThat(a.expire(clock.instant()).failures()).isEmpty();
    assertThat(b.expire(clock.instant()).failures()).isEmpty();

    // B answers a fresh sourceHello but A never sends its Finished: B's engine is dropped at expiry.
    Parties.Party carol = Parties.create(random);
    E2eEndpoint c = E2eEndpoint.builder(carol.config(clock, random)).build();
    E2eEndpoint.Output hello = c.send(bob.did(), "c-1", new byte[] {9});
    E2eEndpoint.Output answer = b.receive(hello.outbound().get(0)).join();
    assertThat(answer.outbound()).isNotEmpty();
    List<E2eMessage> fromCarol = new ArrayList<>();
    for (E2eMessage f : answer.outbound()) {
      fromCarol.addAll(c.receive(f).join().outbound());
    }
    E2eMessage finished = fromCarol.stream().filter(f -> f instanceof Finished).findFirst().orElseThrow();
    clock.advance(Duration.ofSeconds(11));

    assertThat(b.expire(clock.instant()).failures()).isEmpty();
    // The dropped session no longer accepts C's late Finished.
    E2eEndpoint.Output late = b.receive(finished).join();
    assertThat(late.failures()).extracting(f -> f.error().code()).containsExactly(TransportError.UNEXPECTED_MESSAGE);
  }
}
