package org.anp.identity.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RefusalLogTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void logsOncePerIntervalAndCountsEveryRefusal() {
    AtomicReference<Instant> now = new AtomicReference<>(T0);
    Clock clock = new Clock() {
      @Override public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override public Instant instant() {
        return now.get();
      }
    };
    Logger logger = (Logger) LoggerFactory.getLogger("test.refusals." + System.nanoTime());
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    MetricsRegistry metrics = MetricsRegistry.create();
    RefusalLog log = RefusalLog.create(logger, "per_did", clock, Duration.ofMinutes(1), metrics);
    for (int i = 0; i < 1000; i++) {
      log.refused("did:wba:example.com:flood", "held " + i + " of 10");
    }
    assertThat(appender.list).hasSize(1);
    assertThat(appender.list.get(0).getLevel()).isEqualTo(Level.WARN);
    assertThat(appender.list.get(0).getFormattedMessage())
        .contains("per_did", "did:wba:example.com:flood", "held 0 of 10");
    now.set(T0.plus(Duration.ofSeconds(59)));
    log.refused("did:x:b", "x");
    assertThat(appender.list).hasSize(1);
    now.set(T0.plus(Duration.ofMinutes(1)));
    log.refused("did:x:c\r\nFORGED", "y");
    assertThat(appender.list).hasSize(2);
    assertThat(appender.list.get(1).getFormattedMessage())
        .contains("did:x:c??FORGED", "1000 more refusals", "1002 in all")
        .doesNotContain("\n");
    assertThat(log.count()).isEqualTo(1002);
    assertThat(metrics.counter(RefusalLog.COUNTER, "", Map.of("limit", "per_did")).value()).isEqualTo(1002);
  }

  @Test
  void prometheusTextHasHelpTypeAndEscapedLabels() {
    MetricsRegistry metrics = MetricsRegistry.create();
    metrics.counter("anp_a_total", "Things a", Map.of("limit", "x\"y")).add(3);
    metrics.counter("anp_a_total", "Things a", Map.of("limit", "z")).increment();
    metrics.gauge("anp_held", "Held\nnow", Map.of(), () -> 42);
    assertThat(PrometheusText.render(metrics)).isEqualTo(
        "# HELP anp_a_total Things a\n"
            + "# TYPE anp_a_total counter\n"
            + "anp_a_total{limit=\"x\\\"y\"} 3\n"
            + "anp_a_total{limit=\"z\"} 1\n"
            + "# HELP anp_held Held\\nnow\n"
            + "# TYPE anp_held gauge\n"
            + "anp_held 42\n");
    assertThatThrownBy(() -> metrics.gauge("anp_a_total", "", Map.of(), () -> 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> metrics.counter("bad name", "", Map.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> metrics.counter("anp_b", "", Map.of("__x", "1"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> metrics.counter("anp_b", "", Map.of()).add(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
