package org.anp.benchmarks.negotiation;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * Row B of issue 14 measured the way a shared, loaded machine allows: the two bodies of the
 * ratio, {@link NegotiationBenchmark#firstRequestOnReusedProtocol} and
 * {@link NegotiationBenchmark#plainRequestReply}, take turns invocation by invocation (which one
 * goes first alternates), each with the same per-invocation setup as under JMH (not timed), so a
 * change of load hits both alike. JMH runs them a minute apart. Each timed part is one round trip
 * of well under a millisecond, so quantiles of the single timings are compared, not means: a
 * preemption adds milliseconds to a few of them and would dominate a mean. The first third of the
 * rounds is warm-up and dropped.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.anp.benchmarks.negotiation.RowBInterleaved
 * [rounds]} (default 600, about two minutes on 2 cores).
 */
public final class RowBInterleaved {
  private RowBInterleaved() {}

  /** Microsecond quantiles of one body's timings. */
  public record Quantiles(double p10, double p25, double median) {
    static Quantiles of(long[] nanos) {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      return new Quantiles(at(sorted, 0.10), at(sorted, 0.25), at(sorted, 0.50));
    }

    private static double at(long[] sorted, double q) {
      return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))] / 1000.0;
    }
  }

  /** The row-B body's and the baseline's quantiles over the measured rounds. */
  public record Result(int rounds, Quantiles reused, Quantiles plain) {
    /** Row B's ratio at the median and at the quartile (lower is faster; the goal is 1.1). */
    public String describe() {
      return String.format(Locale.ROOT,
          "first request on a reused protocol: p10 %.0f, p25 %.0f, median %.0f us%n"
              + "plain request and reply:            p10 %.0f, p25 %.0f, median %.0f us%n"
              + "ratio (measured / baseline): median %.2fx, p25 %.2fx, p10 %.2fx over %d interleaved rounds%n",
          reused.p10(), reused.p25(), reused.median(), plain.p10(), plain.p25(), plain.median(),
          reused.median() / plain.median(), reused.p25() / plain.p25(), reused.p10() / plain.p10(), rounds);
    }
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 600;
    double before = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    Result result = measure(rounds);
    double after = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    System.out.print(result.describe());
    System.out.printf(Locale.ROOT, "load average %.1f -> %.1f%n", before, after);
    System.exit(0); // the relay's and messengers' threads are daemons, the JDK's delay thread too
  }

  /** Runs {@code rounds} interleaved rounds and keeps the last two thirds. */
  public static Result measure(int rounds) throws Exception {
    if (rounds < 3) {
      throw new IllegalArgumentException("rounds: at least 3");
    }
    NegotiationBenchmark benchmark = new NegotiationBenchmark();
    NegotiationBenchmark.World world = new NegotiationBenchmark.World();
    world.setUp();
    try {
      NegotiationBenchmark.ReusingAgents reusing = new NegotiationBenchmark.ReusingAgents();
      reusing.agree(world);
      NegotiationBenchmark.SessionMessengers plain = new NegotiationBenchmark.SessionMessengers();
      int warmUp = rounds / 3;
      long[] reused = new long[rounds - warmUp];
      long[] baseline = new long[rounds - warmUp];
      for (int round = 0; round < rounds; round++) {
        boolean reusedFirst = round % 2 == 0;
        long a = reusedFirst ? timeReused(benchmark, reusing, world) : timePlain(benchmark, plain, world);
        long b = reusedFirst ? timePlain(benchmark, plain, world) : timeReused(benchmark, reusing, world);
        if (round >= warmUp) {
          reused[round - warmUp] = reusedFirst ? a : b;
          baseline[round - warmUp] = reusedFirst ? b : a;
        }
      }
      return new Result(rounds - warmUp, Quantiles.of(reused), Quantiles.of(baseline));
    } finally {
      world.tearDown();
    }
  }

  private static long timeReused(NegotiationBenchmark benchmark, NegotiationBenchmark.ReusingAgents s,
      NegotiationBenchmark.World world) throws Exception {
    s.setUp(world);
    try {
      long start = System.nanoTime();
      JsonNode reply = benchmark.firstRequestOnReusedProtocol(s);
      long spent = System.nanoTime() - start;
      if (!reply.path("messageId").asText().equals("m-1")) {
        throw new IllegalStateException("unexpected reply " + reply);
      }
      return spent;
    } finally {
      s.tearDown();
    }
  }

  private static long timePlain(NegotiationBenchmark benchmark, NegotiationBenchmark.SessionMessengers s,
      NegotiationBenchmark.World world) throws Exception {
    s.setUp(world);
    try {
      long start = System.nanoTime();
      byte[] reply = benchmark.plainRequestReply(s);
      long spent = System.nanoTime() - start;
      if (!Arrays.equals(reply, s.reply)) {
        throw new IllegalStateException("unexpected reply");
      }
      return spent;
    } finally {
      s.tearDown();
    }
  }
}
