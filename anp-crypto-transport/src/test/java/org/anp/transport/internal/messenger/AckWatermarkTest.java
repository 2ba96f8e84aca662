package org.anp.transport.internal.messenger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AckWatermarkTest {
  @Test
  void inOrderEachBatchAcknowledgesItsLastAckableFrame() {
    AckWatermark<String> w = new AckWatermark<>();
    w.handled(1, Optional.of("m1"));
    w.handled(2, Optional.empty()); // a relay status
    w.handled(3, Optional.of("m3"));
    assertThat(w.takeDue()).contains("m3");
    assertThat(w.takeDue()).isEmpty();
    w.handled(4, Optional.empty());
    assertThat(w.takeDue()).isEmpty();
  }

  @Test
  void aFrameHandledEarlyIsNotAcknowledgedUntilEveryEarlierFrameWasHandled() {
    AckWatermark<String> w = new AckWatermark<>();
    w.handled(1, Optional.of("m1"));
    // Frame 2 is a sourceHello the messenger defers; 3 and 4 overtake it.
    w.handled(3, Optional.of("m3"));
    w.handled(4, Optional.of("m4"));
    assertThat(w.takeDue()).contains("m1");
    assertThat(w.waiting()).isEqualTo(2);
    w.handled(2, Optional.of("hello2"));
    assertThat(w.takeDue()).contains("m4");
    assertThat(w.waiting()).isZero();
  }

  @Test
  void theAcknowledgedFrameNeverHasAnUnhandledFrameBeforeIt() {
    Random random = new Random(11);
    for (int round = 0; round < 200; round++) {
      int n = 1 + random.nextInt(40);
      List<Long> order = new ArrayList<>();
      for (long i = 1; i <= n; i++) {
        order.add(i);
      }
      Collections.shuffle(order, random);
      AckWatermark<Long> w = new AckWatermark<>();
      boolean[] done = new boolean[n + 1];
      long lastAcked = 0;
      for (long arrival : order) {
        w.handled(arrival, random.nextInt(4) == 0 ? Optional.empty() : Optional.of(arrival));
        done[(int) arrival] = true;
        Optional<Long> due = w.takeDue();
        if (due.isPresent()) {
          for (int i = 1; i <= due.get(); i++) {
            assertThat(done[i]).as("round %d: frame %d before acknowledged %d", round, i, due.get()).isTrue();
          }
          assertThat(due.get()).isGreaterThan(lastAcked);
          lastAcked = due.get();
        }
      }
      assertThat(w.waiting()).isZero();
    }
  }

  @Test
  void aMessageWaitingForItsSettlementHoldsTheWatermarkUntilSettled() {
    AckWatermark<String> w = new AckWatermark<>();
    w.handled(1, Optional.of("m1"));
    w.handledWhenSettled("alice m2", 2, Optional.of("m2")); // held for a handshake
    w.handled(3, Optional.of("m3"));
    w.handledWhenSettled("alice m2", 4, Optional.of("m2 copy"));
    assertThat(w.takeDue()).contains("m1");
    w.settled("bob m9", false); // nothing waits for it
    assertThat(w.takeDue()).isEmpty();

    w.settled("alice m2", false);
    assertThat(w.takeDue()).as("every copy settles with the key").contains("m2 copy");
    assertThat(w.waiting()).isZero();
    w.settled("alice m2", false); // a second settlement of the same key changes nothing
    assertThat(w.takeDue()).isEmpty();
  }

  @Test
  void aRefusedFrameIsNeverNamedButNoLongerHoldsTheWatermark() {
    AckWatermark<String> w = new AckWatermark<>();
    w.handled(1, Optional.of("m1"));
    w.handledWhenSettled("alice m2", 2, Optional.of("m2"));
    w.settled("alice m2", true);
    assertThat(w.takeDue()).as("the relay no longer holds m2: naming it would cover nothing").contains("m1");
    w.handledWhenSettled("alice m3", 3, Optional.of("m3"));
    w.handled(4, Optional.of("m4"));
    w.settled("alice m3", true);
    assertThat(w.takeDue()).contains("m4");
  }

  @Test
  void aFrameHandledTwiceIsAProgrammingError() {
    AckWatermark<String> w = new AckWatermark<>();
    w.handled(1, Optional.empty());
    assertThatThrownBy(() -> w.handled(1, Optional.empty())).isInstanceOf(IllegalArgumentException.class);
  }
}
