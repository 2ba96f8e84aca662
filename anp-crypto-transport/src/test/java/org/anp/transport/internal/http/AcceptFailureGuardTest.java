package org.anp.transport.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.anp.identity.limits.MetricsRegistry;
import org.anp.identity.limits.PrometheusText;
import org.anp.identity.limits.RefusalLog;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AcceptFailureGuardTest {
  private final MetricsRegistry metrics = MetricsRegistry.create();
  private final RefusalLog refusals = RefusalLog.create(
      LoggerFactory.getLogger(AcceptFailureGuardTest.class), "accept_failures", Clock.systemUTC(),
      Duration.ofMinutes(1), metrics);

  @Test
  void acceptFailuresAreCountedAndPauseAcceptingInsteadOfReachingTheAcceptor() {
    EmbeddedChannel server = new EmbeddedChannel(new AcceptFailureGuard(refusals, Duration.ofSeconds(1)));
    for (int i = 0; i < 100; i++) {
      server.pipeline().fireExceptionCaught(new IOException("Too many open files"));
    }
    server.checkException(); // nothing went past the guard
    assertThat(refusals.count()).isEqualTo(100);
    assertThat(PrometheusText.render(metrics)).contains("anp_limit_refusals_total{limit=\"accept_failures\"} 100");
    assertThat(server.config().isAutoRead()).as("accepting paused").isFalse();
    server.advanceTimeBy(Duration.ofSeconds(1).toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    server.runScheduledPendingTasks();
    assertThat(server.config().isAutoRead()).as("accepting resumed after the pause").isTrue();
    server.finishAndReleaseAll();
  }

  @Test
  void otherExceptionsGoOnDownThePipeline() {
    EmbeddedChannel server = new EmbeddedChannel(new AcceptFailureGuard(refusals, Duration.ofSeconds(1)));
    server.pipeline().fireExceptionCaught(new IllegalStateException("a bug"));
    assertThatThrownBy(server::checkException).isInstanceOf(IllegalStateException.class);
    assertThat(refusals.count()).isZero();
    server.finishAndReleaseAll();
  }
}
