package org.anp.benchmarks.relay;

import java.util.Locale;

/**
 * The measured figures of rows 6-8 and their ratios to the bare forwarder of the same run, with
 * the goals. Immutable.
 *
 * @param relayMessagesPerSecond relay throughput, frames per second with 64 in flight
 * @param bareMessagesPerSecond bare forwarder throughput, same harness
 * @param relayP50Micros relay round trip, median, microseconds
 * @param bareP50Micros bare round trip, median
 * @param relayP99Micros relay round trip, 99th percentile
 * @param bareP99Micros bare round trip, 99th percentile
 * @param idle the idle-connections measurement
 */
record RelayFigures(
    double relayMessagesPerSecond,
    double bareMessagesPerSecond,
    double relayP50Micros,
    double bareP50Micros,
    double relayP99Micros,
    double bareP99Micros,
    IdleConnections.Result idle) {
  static final double THROUGHPUT_GOAL = 0.8;
  static final double P50_GOAL = 1.3;
  static final double P99_GOAL = 1.5;
  static final long HEAP_GOAL_BYTES = 512L << 20;

  double throughputRatio() {
    return relayMessagesPerSecond / bareMessagesPerSecond;
  }

  double p50Ratio() {
    return relayP50Micros / bareP50Micros;
  }

  double p99Ratio() {
    return relayP99Micros / bareP99Micros;
  }

  /** Whether the idle connections were all open within the heap goal. */
  boolean idleMeetsGoal() {
    return idle.connections() == idle.requested() && idle.maxHeapBytes() <= HEAP_GOAL_BYTES
        && idle.loadedBytes() <= HEAP_GOAL_BYTES;
  }

  /** The table of the relay section of docs/benchmarks.md, in Markdown. */
  String markdown() {
    StringBuilder s = new StringBuilder();
    s.append("| what | relay | bare forwarder | ratio | goal | met |\n|---|---|---|---|---|---|\n");
    s.append(row("throughput, 1 KiB messages, 64 in flight (msg/s)", relayMessagesPerSecond, bareMessagesPerSecond,
        throughputRatio(), ">= " + THROUGHPUT_GOAL + "x", throughputRatio() >= THROUGHPUT_GOAL));
    s.append(row("ping-pong round trip p50 (us)", relayP50Micros, bareP50Micros, p50Ratio(),
        "<= " + P50_GOAL + "x", p50Ratio() <= P50_GOAL));
    s.append(row("ping-pong round trip p99 (us)", relayP99Micros, bareP99Micros, p99Ratio(),
        "<= " + P99_GOAL + "x", p99Ratio() <= P99_GOAL));
    s.append(String.format(Locale.ROOT,
        "| idle registered connections | %d of %d open; heap %.1f MiB after GC (baseline %.1f MiB, max %.0f MiB); "
            + "%.0f bytes per connection | - | - | 10,000 in <= 512 MiB | %s |%n",
        idle.connections(), idle.requested(), mib(idle.loadedBytes()), mib(idle.baselineBytes()),
        mib(idle.maxHeapBytes()), idle.bytesPerConnection(), idleMeetsGoal() ? "yes" : "no"));
    return s.toString();
  }

  private static String row(String what, double relay, double bare, double ratio, String goal, boolean met) {
    return String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.2fx | %s | %s |%n",
        what, relay, bare, ratio, goal, met ? "yes" : "no");
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
