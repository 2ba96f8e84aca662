package org.anp.identity.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * The refusals of one limit: each is counted (the counter {@code anp_limit_refusals_total} with
 * the label {@code limit}), and at most one WARN line per interval is logged, naming the subject
 * of the refusal that triggered it (a DID or an address), its counts, and how many refusals of
 * the limit were not logged since the previous line. A flood therefore costs the log one line
 * per interval, whatever the number of subjects.
 *
 * <p>Thread-safe. The subject and details are printed with control characters replaced, so a peer
 * cannot forge log lines; never pass secrets.
 */
public final class RefusalLog {
  /** The counter every refusal log increments, labelled {@code limit}. */
  public static final String COUNTER = "anp_limit_refusals_total";

  private final Logger log;
  private final String limit;
  private final Clock clock;
  private final Duration interval;
  private final Counter refusals;
  private Instant nextLine = Instant.MIN;
  private long unlogged;

  private RefusalLog(Logger log, String limit, Clock clock, Duration interval, MetricsRegistry metrics) {
    this.log = Objects.requireNonNull(log, "log");
    this.limit = Objects.requireNonNull(limit, "limit");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.interval = Objects.requireNonNull(interval, "interval");
    if (interval.isNegative()) {
      throw new IllegalArgumentException("interval must not be negative: " + interval);
    }
    this.refusals = metrics.counter(COUNTER, "Requests refused by a limit", Map.of("limit", limit));
  }

  /**
   * A refusal log for the limit named {@code limit} (a Prometheus label value such as {@code
   * auth_nonces_per_did}), counting into {@code metrics}.
   */
  public static RefusalLog create(
      Logger log, String limit, Clock clock, Duration interval, MetricsRegistry metrics) {
    return new RefusalLog(log, limit, clock, interval, Objects.requireNonNull(metrics, "metrics"));
  }

  /** The limit's name. */
  public String limit() {
    return limit;
  }

  /** Refusals counted so far. */
  public long count() {
    return refusals.value();
  }

  /**
   * Counts one refusal of {@code subject} and logs it at WARN if no line was logged in the last
   * interval.
   *
   * @param subject the DID or address refused
   * @param counts what it held against the limit, e.g. {@code "held 1000 of 1000 nonces"}
   */
  public void refused(String subject, String counts) {
    refusals.increment();
    long skipped;
    synchronized (this) {
      Instant now = clock.instant();
      if (now.isBefore(nextLine)) {
        unlogged++;
        return;
      }
      nextLine = now.plus(interval);
      skipped = unlogged;
      unlogged = 0;
    }
    log.warn("limit {} refused {}: {} ({} more refusals of this limit since the previous report, {} in all)",
        limit, printable(subject), printable(counts), skipped, refusals.value());
  }

  private static String printable(String s) {
    String text = s.length() > 256 ? s.substring(0, 256) + "..." : s;
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    return out.toString();
  }
}
