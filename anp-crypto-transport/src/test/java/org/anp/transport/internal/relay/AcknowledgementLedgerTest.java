package org.anp.transport.internal.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.anp.transport.testing.ManualClock;
import org.anp.transport.internal.relay.AcknowledgementLedger.Entry;
import org.anp.transport.relay.QueuedFrame;
import org.junit.jupiter.api.Test;

/** The acknowledgement ledger alone, on a manual clock (decisions 0006, 0009, 0011). */
class AcknowledgementLedgerTest {
  private static final String ALICE = "did:wba:a.example:alice";
  private static final String BOB = "did:wba:a.example:bob";
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final AcknowledgementLedger<String> ledger = new AcknowledgementLedger<>(Duration.ofSeconds(10), 3);
  private long ids;

  private QueuedFrame frame(String messageId) {
    return new QueuedFrame(++ids, BOB, ALICE, BOB, "message", messageId, new byte[] {1}, clock.instant().plusSeconds(3600));
  }

  private Optional<Entry<String>> push(String connection, QueuedFrame f) {
    FrameInfo info = new FrameInfo("message", Optional.of(f.messageId()), Optional.of(f.sourceDid()));
    return ledger.push(connection, f, info, Optional.of("sender"), clock.instant());
  }

  private static List<String> ids(List<Entry<String>> entries) {
    return entries.stream().map(e -> e.frame().messageId()).toList();
  }

  @Test
  void anAcknowledgementSettlesTheNamedFrameAndEveryFramePushedBeforeItAndNoLaterOne() {
    push("c", frame("m1"));
    push("c", frame("m2"));
    push("c", frame("m3"));

    assertThat(ids(ledger.acknowledge("c", AcknowledgementLedger.key(ALICE, "m2")))).containsExactly("m1", "m2");
    assertThat(ledger.unacknowledged("c")).isEqualTo(1);
    // stale or unknown acknowledgements settle nothing, so they cannot cover m3
    assertThat(ledger.acknowledge("c", AcknowledgementLedger.key(ALICE, "m2"))).isEmpty();
    assertThat(ledger.acknowledge("c", AcknowledgementLedger.key(BOB, "m3"))).isEmpty();
    assertThat(ledger.acknowledge("other", AcknowledgementLedger.key(ALICE, "m3"))).isEmpty();
    assertThat(ids(ledger.acknowledge("c", AcknowledgementLedger.key(ALICE, "m3")))).containsExactly("m3");
  }

  @Test
  void aCopyOfAnUnacknowledgedFrameIsNotWrittenAgainAndSharesTheFirstOnesPlaceAndFate() {
    QueuedFrame first = frame("m1");
    assertThat(push("c", first)).isPresent();
    push("c", frame("m2"));
    QueuedFrame resend = frame("m1");

    assertThat(push("c", resend)).as("nothing to write").isEmpty();
    List<Entry<String>> settled = ledger.acknowledge("c", AcknowledgementLedger.key(ALICE, "m1"));
    assertThat(settled).hasSize(1);
    assertThat(settled.get(0).all()).extracting(e -> e.frame().id()).containsExactly(resend.id(), first.id());
    assertThat(ids(ledger.close("c"))).containsExactly("m2");
    // once acknowledged, the same id is a new frame again
    assertThat(push("c", frame("m1"))).isPresent();
  }

  @Test
  void aRefusalSettlesItsFrameAloneAndOnlyWhenItComesFromTheFramesDestination() {
    push("c", frame("m1"));
    push("c", frame("m2"));

    assertThat(ledger.refuse("c", AcknowledgementLedger.key(ALICE, "m2"), "did:wba:a.example:mallory")).isEmpty();
    assertThat(ledger.refuse("c", AcknowledgementLedger.key(ALICE, "m2"), BOB)).isPresent();
    assertThat(ledger.refuse("c", AcknowledgementLedger.key(ALICE, "m2"), BOB)).as("settled once").isEmpty();
    assertThat(ids(ledger.close("c"))).containsExactly("m1");
  }

  @Test
  void aClientThatAcknowledgedNothingIsTakenNotToAcknowledgeOnlyForItsOverdueFrames() {
    push("c", frame("m1"));
    clock.advance(Duration.ofSeconds(6));
    push("c", frame("m2"));
    clock.advance(Duration.ofMillis(3999));
    assertThat(ledger.overdue(clock.instant())).isEmpty();
    assertThat(ledger.isLegacy("c")).isFalse();

    clock.advance(Duration.ofMillis(1)); // m1 is due, m2 is not
    List<AcknowledgementLedger.Overdue<String>> overdue = ledger.overdue(clock.instant());

    assertThat(overdue).hasSize(1);
    assertThat(overdue.get(0).connection()).isEqualTo("c");
    assertThat(ids(overdue.get(0).entries())).containsExactly("m1");
    assertThat(ledger.isLegacy("c")).isTrue();
    clock.advance(Duration.ofSeconds(6));
    assertThat(ids(ledger.overdue(clock.instant()).get(0).entries())).containsExactly("m2");
    assertThat(ledger.overdue(clock.instant())).isEmpty();
  }

  @Test
  void aClientThatAcknowledgesIsWaitedForWithoutLimitEvenIfItWasTakenNotTo() {
    push("c", frame("m1"));
    clock.advance(Duration.ofSeconds(11));
    assertThat(ledger.overdue(clock.instant())).hasSize(1);
    assertThat(ledger.isLegacy("c")).isTrue();

    ledger.acknowledge("c", AcknowledgementLedger.key(ALICE, "late")); // names nothing, but shows it does
    assertThat(ledger.isLegacy("c")).isFalse();
    push("c", frame("m2"));
    clock.advance(Duration.ofHours(1));
    assertThat(ledger.overdue(clock.instant())).isEmpty();
    assertThat(ledger.unacknowledged("c")).isEqualTo(1);
  }

  @Test
  void theBoundOfUnacknowledgedFramesAtItsEdge() {
    push("c", frame("m1"));
    push("c", frame("m2"));
    assertThat(ledger.hasRoom("c")).isTrue();
    push("c", frame("m3"));
    assertThat(ledger.hasRoom("c")).isFalse();
    assertThat(ledger.hasRoom("d")).isTrue();
    clock.advance(Duration.ofSeconds(10));
    assertThat(ledger.overdue(clock.instant()).get(0).wasFull()).isTrue();
    assertThat(ledger.hasRoom("c")).isTrue();
  }

  @Test
  void aFailedWriteGivesBackOnlyTheFrameStillInTheLedger() {
    QueuedFrame f = frame("m1");
    push("c", f);
    String key = AcknowledgementLedger.key(ALICE, "m1");

    assertThat(ledger.writeFailed("c", key, f.id() + 100)).as("another frame's write").isEmpty();
    assertThat(ledger.writeFailed("c", key, f.id())).isPresent();
    assertThat(ledger.writeFailed("c", key, f.id())).as("taken already").isEmpty();
    assertThat(ledger.close("c")).isEmpty();
  }
}
