package org.anp.transport.internal.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.anp.transport.testing.ManualClock;
import org.anp.transport.relay.MessageQueue;
import org.anp.transport.relay.QueuedFrame;
import org.junit.jupiter.api.Test;

/** Queueing bookkeeping around the MessageQueue seam, on a manual clock (decisions 0004, 0006, 0010). */
class WaitingFramesTest {
  private static final String ALICE = "did:wba:a.example:alice";
  private static final String BOB = "did:wba:a.example:bob";
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final WaitingFrames<String> frames = new WaitingFrames<>(MessageQueue.inMemory(2, 100), Duration.ofMinutes(5));

  private QueuedFrame frame(String messageId) {
    return frames.frame(BOB, ALICE, BOB, "message", messageId, new byte[] {1}, clock.instant());
  }

  @Test
  void aResendOfAWaitingFrameIsKeptOnceAndItsStatusGoesToTheLatestSender() {
    QueuedFrame first = frame("m1");
    assertThat(frames.offer(first, "c1").outcome()).isEqualTo(WaitingFrames.Offer.QUEUED);

    assertThat(frames.offer(frame("m1"), "c2").outcome()).isEqualTo(WaitingFrames.Offer.ALREADY_WAITING);
    assertThat(frames.size()).isEqualTo(1);
    assertThat(frames.poll(BOB)).contains(first);
    assertThat(frames.takeOrigin(first.id())).contains("c2");
    assertThat(frames.takeOrigin(first.id())).as("forgotten once taken").isEmpty();
    // no longer waiting: the same id is queued again
    assertThat(frames.offer(frame("m1"), "c2").outcome()).isEqualTo(WaitingFrames.Offer.QUEUED);
  }

  @Test
  void aFullQueueRefusesAndTheRefusedFrameDoesNotCountAsWaiting() {
    frames.offer(frame("m1"), "c");
    frames.offer(frame("m2"), "c");
    assertThat(frames.offer(frame("m3"), "c").outcome()).isEqualTo(WaitingFrames.Offer.FULL);
    frames.poll(BOB);
    assertThat(frames.offer(frame("m3"), "c").outcome()).isEqualTo(WaitingFrames.Offer.QUEUED);
  }

  @Test
  void framesExpireAtTheirTtlAndStopCountingAsWaiting() {
    QueuedFrame f = frame("m1");
    frames.offer(f, "c");
    clock.advance(Duration.ofMinutes(5).minusMillis(1));
    assertThat(frames.expire(clock.instant())).isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(frames.expire(clock.instant())).containsExactly(f);
    assertThat(frames.isEmpty(BOB)).isTrue();
    assertThat(frames.offer(frame("m1"), "c").outcome()).isEqualTo(WaitingFrames.Offer.QUEUED);
  }

  @Test
  void requeuedFramesGoBackToTheHeadInOrderAndThoseThatDoNotFitAreReturned() {
    QueuedFrame waiting = frame("w");
    frames.offer(waiting, "c");
    QueuedFrame r1 = frame("r1");
    QueuedFrame r2 = frame("r2");

    assertThat(frames.requeue(BOB, List.of(r1, r2))).containsExactly(r2.id());
    assertThat(frames.offer(frame("r1"), "c2").outcome()).as("r1 waits again").isEqualTo(WaitingFrames.Offer.ALREADY_WAITING);
    assertThat(frames.poll(BOB)).contains(r1);
    assertThat(frames.poll(BOB)).contains(waiting);
    assertThat(frames.poll(BOB)).isEqualTo(Optional.empty());
  }

  @Test
  void responsesAreQueuedWithoutOriginOrStatusBookkeeping() {
    QueuedFrame response = frames.frame(ALICE, BOB, ALICE, "response", "e1", new byte[] {2}, clock.instant());
    assertThat(frames.offerResponse(response)).isEmpty();
    assertThat(frames.takeOrigin(response.id())).isEmpty();
    assertThat(frames.drainAll()).containsExactly(response);
    assertThat(frames.size()).isZero();
  }
}
