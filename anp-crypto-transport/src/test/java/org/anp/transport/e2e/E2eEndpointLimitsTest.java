package org.anp.transport.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * {@link E2eEndpoint}: relay statuses that reach it, the bounds on responder handshakes, and
 * {@link E2eEndpoint#restartHandshake(String)}.
 */
class E2eEndpointLimitsTest {
  private final SecureRandom random = new SecureRandom();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T08:00:00Z"));
  private final Parties.Party alice = Parties.create(random);
  private final Parties.Party bob = Parties.create(random);
  private final E2eEndpoint a = E2eEndpoint.builder(alice.config(clock, random)).build();
  private final E2eEndpoint b =
      E2eEndpoint.builder(bob.config(clock, random)).maxResponderHandshakes(2, 3).build();

  private SourceHello helloFrom(Parties.Party from) {
    return (SourceHello) HandshakeEngine.initiator(from.config(clock, random), bob.did()).start().outbound().get(0);
  }

  private E2eMessage relayResponse(int code, String originalMessageId) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("version", E2eMessage.VERSION);
    json.put("type", "response");
    json.put("timestamp", "2026-11-25T08:00:00.000Z");
    json.put("messageId", "relay00000000001");
    json.put("destinationDid", alice.did());
    json.put("originalType", "message");
    json.put("originalMessageId", originalMessageId);
    json.put("code", code);
    return E2eMessage.parse(json);
  }

  @Test
  void relayStatuses200And202AreIgnoredAndA404IsAFailure() {
    for (int code : new int[] {200, 202}) {
      E2eEndpoint.Output out = a.receive(relayResponse(code, "m-1")).join();
      assertThat(out.failures()).as("code %d", code).isEmpty();
      assertThat(out.outbound()).isEmpty();
      assertThat(out.delivered()).isEmpty();
    }
    E2eEndpoint.Output refused = a.receive(relayResponse(404, "m-2")).join();
    assertThat(refused.failures()).singleElement().satisfies(f -> {
      assertThat(f.messageId()).isEqualTo("m-2");
      assertThat(f.error().code()).isEqualTo(TransportError.DID_NOT_FOUND);
    });
  }

  @Test
  void aHelloFloodFromOneDidHitsItsLimitWithoutAffectingOtherDids() {
    Parties.Party mallory = Parties.create(random);
    Parties.Party carol = Parties.create(random);
    for (int i = 0; i < 2; i++) {
      E2eEndpoint.Output answered = b.receive(helloFrom(mallory)).join();
      assertThat(answered.failures()).isEmpty();
      assertThat(answered.outbound()).isNotEmpty();
    }
    SourceHello third = helloFrom(mallory);
    E2eEndpoint.Output dropped = b.receive(third).join();
    assertThat(dropped.outbound()).as("dropped unanswered").isEmpty();
    assertThat(dropped.failures()).singleElement().satisfies(f -> {
      assertThat(f.remoteDid()).isEqualTo(mallory.did());
      assertThat(f.messageId()).isEqualTo(third.messageId());
      assertThat(f.error().code()).isEqualTo(TransportError.RATE_LIMITED);
    });

    E2eEndpoint.Output carols = b.receive(helloFrom(carol)).join();
    assertThat(carols.failures()).isEmpty();
    assertThat(carols.outbound()).isNotEmpty();
  }

  @Test
  void theTotalLimitHoldsAcrossDidsAndExpirySweepsUnansweredHandshakes() {
    for (int i = 0; i < 3; i++) {
      assertThat(b.receive(helloFrom(Parties.create(random))).join().failures()).isEmpty();
    }
    E2eEndpoint.Output full = b.receive(helloFrom(Parties.create(random))).join();
    assertThat(full.outbound()).isEmpty();
    assertThat(full.failures()).extracting(f -> f.error().code()).containsExactly(TransportError.RATE_LIMITED);

    clock.advance(Duration.ofSeconds(10));
    assertThat(b.expire(clock.instant()).failures()).isEmpty();
    assertThat(b.receive(helloFrom(Parties.create(random))).join().failures()).as("not yet expired").isNotEmpty();

    clock.advance(Duration.ofSeconds(1));
    assertThat(b.expire(clock.instant()).failures()).as("a peer's handshake ends silently").isEmpty();
    E2eEndpoint.Output again = b.receive(helloFrom(Parties.create(random))).join();
    assertThat(again.failures()).isEmpty();
    assertThat(again.outbound()).isNotEmpty();
  }

  @Test
  void aCompletedHandshakeFreesItsSlot() {
    E2eEndpoint limited = E2eEndpoint.builder(bob.config(clock, random)).maxResponderHandshakes(1, 1).build();
    for (int round = 0; round < 3; round++) {
      List<ReceivedMessage> delivered = pump(a.send(bob.did(), "m-" + round, new byte[] {(byte) round}), limited);
      assertThat(delivered).extracting(ReceivedMessage::messageId).containsExactly("m-" + round);
      a.keyStore().current(alice.did(), bob.did()).ifPresent(s -> a.keyStore().remove(s.secretKeyId()));
    }
  }

  @Test
  void builderRejectsBadLimits() {
    E2eEndpoint.Builder builder = E2eEndpoint.builder(bob.config(clock, random));
    assertThatThrownBy(() -> builder.maxResponderHandshakes(0, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.maxResponderHandshakes(3, 2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void restartHandshakeStartsAFreshOneOnlyWhenPayloadsWait() {
    assertThat(a.restartHandshake(bob.did()).outbound()).isEmpty();

    E2eEndpoint.Output first = a.send(bob.did(), "m-1", new byte[] {1});
    SourceHello old = (SourceHello) first.outbound().get(0);
    E2eEndpoint.Output fresh = a.restartHandshake(bob.did());
    assertThat(fresh.outbound()).singleElement().isInstanceOfSatisfying(SourceHello.class,
        h -> assertThat(h.sessionId()).isNotEqualTo(old.sessionId()));

    // Both hellos reach Bob; the payload is delivered once, whichever handshake completes first.
    List<E2eMessage> both = new ArrayList<>(first.outbound());
    both.addAll(fresh.outbound());
    List<ReceivedMessage> delivered = pump(new E2eEndpoint.Output(both, List.of(), List.of()), b);
    assertThat(delivered).extracting(ReceivedMessage::messageId).containsExactly("m-1");
    assertThat(a.restartHandshake(bob.did()).outbound()).as("nothing waits any more").isEmpty();
  }

  /** Moves frames between A and {@code bob} until none is left; returns what Bob delivered. */
  private List<ReceivedMessage> pump(E2eEndpoint.Output first, E2eEndpoint bobSide) {
    List<ReceivedMessage> delivered = new ArrayList<>();
    Deque<E2eMessage> wire = new ArrayDeque<>(first.outbound());
    while (!wire.isEmpty()) {
      E2eMessage frame = wire.poll();
      boolean toBob = frame.json().path("destinationDid").asText().equals(bob.did());
      E2eEndpoint.Output out = (toBob ? bobSide : a).receive(E2eMessage.parse(frame.toJsonBytes())).join();
      wire.addAll(out.outbound());
      if (toBob) {
        delivered.addAll(out.delivered());
      }
    }
    return delivered;
  }
}
