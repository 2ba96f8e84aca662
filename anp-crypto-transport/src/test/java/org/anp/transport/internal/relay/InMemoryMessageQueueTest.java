package org.anp.transport.internal.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.anp.transport.relay.MessageQueue;
import org.anp.transport.relay.QueuedFrame;
import org.junit.jupiter.api.Test;

class InMemoryMessageQueueTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static QueuedFrame frame(long id, String key, Instant expires) {
    return new QueuedFrame(id, key, "did:wba:a", "did:wba:" + key, "message", "m" + id, new byte[] {(byte) id}, expires);
  }

  @Test
  void perKeyLimitAtItsEdgeAndFifoOrder() {
    MessageQueue q = MessageQueue.inMemory(2, 100);
    assertThat(q.offer(frame(1, "b", T0))).isTrue();
    assertThat(q.offer(frame(2, "b", T0))).isTrue();
    assertThat(q.offer(frame(3, "b", T0))).isFalse();
    assertThat(q.offer(frame(4, "c", T0))).isTrue();
    assertThat(q.size()).isEqualTo(3);
    assertThat(q.poll("b", 10)).extracting(QueuedFrame::id).containsExactly(1L, 2L);
    assertThat(q.isEmpty("b")).isTrue();
    assertThat(q.isEmpty("c")).isFalse();
    assertThat(q.poll("nobody", 10)).isEmpty();
  }

  @Test
  void totalLimitAtItsEdge() {
    MessageQueue q = MessageQueue.inMemory(10, 2);
    assertThat(q.offer(frame(1, "a", T0))).isTrue();
    assertThat(q.offer(frame(2, "b", T0))).isTrue();
    assertThat(q.offer(frame(3, "c", T0))).isFalse();
    assertThat(q.isEmpty("c")).isTrue();
    assertThat(q.poll("a", 1)).hasSize(1);
    assertThat(q.offer(frame(3, "c", T0))).isTrue();
  }

  @Test
  void requeuePutsFramesAtTheHeadInOrderAndReturnsWhatDoesNotFit() {
    MessageQueue q = MessageQueue.inMemory(4, 100);
    q.offer(frame(3, "b", T0));
    q.offer(frame(4, "b", T0));
    assertThat(q.requeue("b", List.of(frame(1, "b", T0), frame(2, "b", T0), frame(9, "b", T0))))
        .extracting(QueuedFrame::id).containsExactly(9L);
    assertThat(q.size()).isEqualTo(4);
    assertThat(q.poll("b", 10)).extracting(QueuedFrame::id).containsExactly(1L, 2L, 3L, 4L);
    // into an empty key, and against the total bound
    MessageQueue small = MessageQueue.inMemory(10, 1);
    assertThat(small.requeue("c", List.of(frame(5, "c", T0), frame(6, "c", T0))))
        .extracting(QueuedFrame::id).containsExactly(6L);
    assertThat(small.requeue("d", List.of(frame(7, "d", T0)))).extracting(QueuedFrame::id).containsExactly(7L);
    assertThat(small.isEmpty("d")).isTrue();
    assertThat(small.poll("c", 10)).extracting(QueuedFrame::id).containsExactly(5L);
  }

  @Test
  void expireRemovesExactlyTheFramesDueAtOrBeforeNow() {
    MessageQueue q = MessageQueue.inMemory(10, 10);
    q.offer(frame(1, "a", T0));
    q.offer(frame(2, "a", T0.plusSeconds(1)));
    q.offer(frame(3, "b", T0));
    assertThat(q.expire(T0.minusMillis(1))).isEmpty();
    assertThat(q.expire(T0)).extracting(QueuedFrame::id).containsExactlyInAnyOrder(1L, 3L);
    assertThat(q.size()).isEqualTo(1);
    assertThat(q.isEmpty("b")).isTrue();
    assertThat(q.drainAll()).extracting(QueuedFrame::id).containsExactly(2L);
    assertThat(q.size()).isZero();
  }

  @Test
  void framesAreCopiedAndBoundsMustBePositive() {
    byte[] bytes = {1, 2, 3};
    QueuedFrame f = new QueuedFrame(1, "k", "s", "d", "message", "m", bytes, T0);
    bytes[0] = 9;
    assertThat(f.frame()).containsExactly(1, 2, 3);
    f.frame()[1] = 9;
    assertThat(f.frame()).containsExactly(1, 2, 3);
    assertThat(f).isEqualTo(new QueuedFrame(1, "k", "s", "d", "message", "m", new byte[] {1, 2, 3}, T0));
    assertThatThrownBy(() -> MessageQueue.inMemory(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MessageQueue.inMemory(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
