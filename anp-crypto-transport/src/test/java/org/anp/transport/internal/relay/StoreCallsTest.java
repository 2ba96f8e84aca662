package org.anp.transport.internal.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The cluster store's calls leave the caller at once, run in order, and survive a failing one. */
class StoreCallsTest {
  @Test
  void aStalledCallDelaysOnlyTheCallsBehindItNeverTheCaller() throws InterruptedException {
    StoreCalls calls = new StoreCalls();
    CountDownLatch storeStalled = new CountDownLatch(1);
    CountDownLatch storeBack = new CountDownLatch(1);
    List<String> made = new CopyOnWriteArrayList<>();
    CountDownLatch allMade = new CountDownLatch(3);

    calls.run(() -> {
      storeStalled.countDown();
      awaitUninterruptibly(storeBack); // jnats waiting for room in its write queue
      made.add("first");
      allMade.countDown();
    });
    assertThat(storeStalled.await(30, TimeUnit.SECONDS)).isTrue();
    // The caller (an I/O thread holding the relay's lock) goes on while the store is stalled.
    calls.run(() -> {
      throw new IllegalStateException("output queue is full");
    });
    calls.run(() -> {
      made.add("second");
      allMade.countDown();
    });
    calls.run(() -> {
      made.add("third");
      allMade.countDown();
    });
    assertThat(made).isEmpty();
    assertThat(calls.waiting()).isEqualTo(3);

    storeBack.countDown();
    assertThat(allMade.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(made).containsExactly("first", "second", "third");
  }

  @Test
  void afterCloseCallsRunOnTheCallersThread() {
    StoreCalls calls = new StoreCalls();
    calls.close(Duration.ofSeconds(5));
    Thread[] ranOn = new Thread[1];
    calls.run(() -> ranOn[0] = Thread.currentThread());
    assertThat(ranOn[0]).isSameAs(Thread.currentThread());
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
