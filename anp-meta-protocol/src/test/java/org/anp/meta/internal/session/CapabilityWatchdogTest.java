package org.anp.meta.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.junit.jupiter.api.Test;

/**
 * The provider's time limit per application request, watched by one check armed by the first
 * call or ahead of it ({@code prime}): each
 * call is answered exactly once, a call past the limit is answered with CAPABILITY_TIMEOUT and
 * interrupted, also when earlier calls armed the check, and no interrupt outlives its call.
 */
class CapabilityWatchdogTest {
  private static final byte[] OK = "ok".getBytes(StandardCharsets.UTF_8);

  private final List<byte[]> replies = new CopyOnWriteArrayList<>();
  private final List<MetaProtocolException> failures = new CopyOnWriteArrayList<>();
  private final CountDownLatch failed = new CountDownLatch(1);

  private void run(CapabilityWatchdog watchdog, Supplier<byte[]> call) {
    watchdog.run(call, replies::add, e -> {
      failures.add(e);
      failed.countDown();
    });
  }

  /** A call that waits until interrupted (never released), then answers anyway. */
  private static Supplier<byte[]> hanging(AtomicBoolean interrupted) {
    return () -> {
      try {
        new CountDownLatch(1).await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        interrupted.set(true);
      }
      return OK;
    };
  }

  @Test
  void aQuickCallIsAnsweredWithItsResultOnce() {
    CapabilityWatchdog watchdog = new CapabilityWatchdog(Duration.ofMinutes(1));
    run(watchdog, () -> OK);
    assertThat(replies).containsExactly(OK);
    assertThat(failures).isEmpty();
  }

  @Test
  void aThrowingCallIsAnsweredAsFailedAndATypedOneKeepsItsCode() {
    CapabilityWatchdog watchdog = new CapabilityWatchdog(Duration.ofMinutes(1));
    run(watchdog, () -> {
      throw new IllegalStateException("boom");
    });
    run(watchdog, () -> {
      throw new MetaProtocolException(MetaProtocolError.PROTOCOL_VIOLATION, "bad request");
    });
    assertThat(failures).extracting(MetaProtocolException::code)
        .containsExactly(MetaProtocolError.CAPABILITY_FAILED, MetaProtocolError.PROTOCOL_VIOLATION);
    assertThat(replies).isEmpty();
  }

  @Test
  void aCallPastTheLimitIsAnsweredAsTimedOutInterruptedAndItsLateResultDropped() throws Exception {
    CapabilityWatchdog watchdog = new CapabilityWatchdog(Duration.ofMillis(200));
    AtomicBoolean interrupted = new AtomicBoolean();
    run(watchdog, hanging(interrupted));
    assertThat(failed.await(60, TimeUnit.SECONDS)).isTrue();
    assertThat(failures).extracting(MetaProtocolException::code).containsExactly(MetaProtocolError.CAPABILITY_TIMEOUT);
    assertThat(interrupted).isTrue();
    assertThat(replies).isEmpty();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void aHangingCallAfterQuickOnesIsStillTimedOut() throws Exception {
    CapabilityWatchdog watchdog = new CapabilityWatchdog(Duration.ofMillis(200));
    for (int i = 0; i < 50; i++) {
      run(watchdog, () -> OK); // the first arms the check; the others find it armed
    }
    AtomicBoolean interrupted = new AtomicBoolean();
    run(watchdog, hanging(interrupted));
    assertThat(failed.await(60, TimeUnit.SECONDS)).isTrue();
    assertThat(failures).extracting(MetaProtocolException::code).containsExactly(MetaProtocolError.CAPABILITY_TIMEOUT);
    assertThat(interrupted).isTrue();
    assertThat(replies).hasSize(50);
  }

  @Test
  void aCallAfterThePrimedCheckIsTimedOutAndAnsweredOnce() throws Exception {
    CapabilityWatchdog watchdog = new CapabilityWatchdog(Duration.ofMillis(200));
    watchdog.prime(); // armed when the protocol became ready; the call below schedules nothing
    watchdog.prime(); // a second priming finds it armed
    run(watchdog, () -> OK);
    AtomicBoolean interrupted = new AtomicBoolean();
    run(watchdog, hanging(interrupted));
    assertThat(failed.await(60, TimeUnit.SECONDS)).isTrue();
    assertThat(failures).extracting(MetaProtocolException::code).containsExactly(MetaProtocolError.CAPABILITY_TIMEOUT);
    assertThat(interrupted).isTrue();
    assertThat(replies).containsExactly(OK);
  }

  @Test
  void theCheckLapsesBetweenCallsAndIsArmedAgainByTheNextOne() throws Exception {
    CapabilityWatchdog watchdog = new CapabilityWatchdog(Duration.ofMillis(100));
    AtomicBoolean first = new AtomicBoolean();
    run(watchdog, hanging(first));
    assertThat(failed.await(60, TimeUnit.SECONDS)).isTrue();
    // the check that timed out the first call found no other call and lapsed
    CountDownLatch second = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    watchdog.run(hanging(interrupted), replies::add, e -> {
      failures.add(e);
      second.countDown();
    });
    assertThat(second.await(60, TimeUnit.SECONDS)).isTrue();
    assertThat(failures).extracting(MetaProtocolException::code)
        .containsExactly(MetaProtocolError.CAPABILITY_TIMEOUT, MetaProtocolError.CAPABILITY_TIMEOUT);
    assertThat(first).isTrue();
    assertThat(interrupted).isTrue();
    assertThat(replies).isEmpty();
  }
}
