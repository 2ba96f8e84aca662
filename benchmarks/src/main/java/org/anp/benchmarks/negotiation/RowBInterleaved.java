package org.anp.benchmarks.negotiation;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Row B of issue 14 measured the way a shared, loaded machine allows: the bodies of the ratio,
 * {@link NegotiationBenchmark#firstRequestOnReusedProtocol} and its two baselines
 * {@link NegotiationBenchmark#plainRequestReply} (bytes) and
 * {@link NegotiationBenchmark#plainJsonRequestReply} (with the JSON work), and row B with its
 * set-up before decision record 0090 ({@link NegotiationBenchmark.UnsettledReusingAgents}), take turns invocation
 * by invocation (the order rotates), each with the same per-invocation setup as under JMH (not
 * timed), so a change of load hits all alike. JMH runs them a minute apart. Each timed part is one round trip
 * of well under a millisecond, so quantiles of the single timings are compared, not means: a
 * preemption adds milliseconds to a few of them and would dominate a mean. The first third of the
 * rounds is warm-up and dropped.
 *
 * <p>Before the rounds, each body's round trip runs untimed {@code warm-up} times on one pair
 * each, so that the JIT compiler has optimised the agent's request path as it has the
 * messenger's (see {@link #warmUp}).
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.anp.benchmarks.negotiation.RowBInterleaved
 * [rounds [warm-up]]} (defaults 600 and 5000, about four minutes on 2 cores; 0 skips the
 * warm-up).
 */
public final class RowBInterleaved {
  /** Untimed round trips of each body before the measured rounds (decision record 0090). */
  static final int DEFAULT_WARM_UP_REQUESTS = 5000;

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

  /**
   * The row-B body's and the baselines' quantiles over the measured rounds; {@code unsettled} is
   * row B with its set-up before decision record 0090, for comparison.
   */
  public record Result(int rounds, Quantiles reused, Quantiles plain, Quantiles plainJson, Quantiles unsettled) {
    /** Row B's ratios at the median, quartile and decile (lower is faster; the goal is 1.1). */
    public String describe() {
      return String.format(Locale.ROOT,
          "first request on a reused protocol: p10 %.0f, p25 %.0f, median %.0f us%n"
              + "plain request and reply (bytes):    p10 %.0f, p25 %.0f, median %.0f us%n"
              + "plain request and reply (JSON):     p10 %.0f, p25 %.0f, median %.0f us%n"
              + "ratio to bytes: median %.2fx, p25 %.2fx, p10 %.2fx%n"
              + "ratio to JSON:  median %.2fx, p25 %.2fx, p10 %.2fx (%d interleaved rounds)%n"
              + "row B on an unsettled session (set-up before 0090): p10 %.0f, p25 %.0f, median %.0f us;"
              + " to bytes: median %.2fx, p25 %.2fx, p10 %.2fx%n",
          reused.p10(), reused.p25(), reused.median(), plain.p10(), plain.p25(), plain.median(),
          plainJson.p10(), plainJson.p25(), plainJson.median(),
          reused.median() / plain.median(), reused.p25() / plain.p25(), reused.p10() / plain.p10(),
          reused.median() / plainJson.median(), reused.p25() / plainJson.p25(), reused.p10() / plainJson.p10(),
          rounds, unsettled.p10(), unsettled.p25(), unsettled.median(),
          unsettled.median() / plain.median(), unsettled.p25() / plain.p25(), unsettled.p10() / plain.p10());
    }
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 600;
    int warmUpRequests = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_WARM_UP_REQUESTS;
    double before = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    Result result = measure(rounds, warmUpRequests);
    double after = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    System.out.print(result.describe());
    System.out.printf(Locale.ROOT, "load average %.1f -> %.1f%n", before, after);
    System.exit(0); // the relay's and messengers' threads are daemons, the JDK's delay thread too
  }

  /**
   * Runs {@code warmUpRequests} untimed round trips of each body (see {@link #warmUp}), then
   * {@code rounds} interleaved rounds, and keeps the last two thirds of those.
   */
  public static Result measure(int rounds, int warmUpRequests) throws Exception {
    if (rounds < 3) {
      throw new IllegalArgumentException("rounds: at least 3");
    }
    if (warmUpRequests < 0) {
      throw new IllegalArgumentException("warmUpRequests: negative");
    }
    NegotiationBenchmark benchmark = new NegotiationBenchmark();
    NegotiationBenchmark.World world = new NegotiationBenchmark.World();
    world.setUp();
    try {
      NegotiationBenchmark.ReusingAgents reusing = new NegotiationBenchmark.ReusingAgents();
      reusing.agree(world);
      warmUp(benchmark, world, reusing, warmUpRequests);
      NegotiationBenchmark.ReusingAgents unsettled = new NegotiationBenchmark.UnsettledReusingAgents();
      unsettled.agree(world);
      NegotiationBenchmark.SessionMessengers plain = new NegotiationBenchmark.SessionMessengers();
      NegotiationBenchmark.JsonSessionMessengers plainJson = new NegotiationBenchmark.JsonSessionMessengers();
      List<Callable<Long>> bodies = List.of(
          () -> timed(() -> reusing.setUp(world), reusing::tearDown,
              () -> benchmark.firstRequestOnReusedProtocol(reusing), RowBInterleaved::isFirstReply),
          () -> timed(() -> plain.setUp(world), plain::tearDown,
              () -> benchmark.plainRequestReply(plain), reply -> Arrays.equals(reply, plain.reply)),
          () -> timed(() -> plainJson.setUp(world), plainJson::tearDown,
              () -> benchmark.plainJsonRequestReply(plainJson), RowBInterleaved::isFirstReply),
          () -> timed(() -> unsettled.setUp(world), unsettled::tearDown,
              () -> benchmark.firstRequestOnReusedProtocol(unsettled), RowBInterleaved::isFirstReply));
      int warmUp = rounds / 3;
      long[][] spent = new long[bodies.size()][rounds - warmUp];
      for (int round = 0; round < rounds; round++) {
        for (int i = 0; i < bodies.size(); i++) {
          int body = (round + i) % bodies.size(); // each body goes first, second and last in turn
          long nanos = bodies.get(body).call();
          if (round >= warmUp) {
            spent[body][round - warmUp] = nanos;
          }
        }
      }
      return new Result(rounds - warmUp, Quantiles.of(spent[0]), Quantiles.of(spent[1]), Quantiles.of(spent[2]),
          Quantiles.of(spent[3]));
    } finally {
      world.tearDown();
    }
  }

  /**
   * Untimed JIT warm-up (decision record 0090): {@code requests} round trips of each body, one
   * after the other on one pair each. Every body's set-up runs the messenger's code hundreds of
   * times per round (handshakes, registrations), so the baselines' timed path is compiled early;
   * the agent's request path (handler, schema checks, routing) runs once per row-B round only, so
   * without this it would be timed before the JIT compiler has optimised it, which a running
   * agent does not see.
   */
  static void warmUp(NegotiationBenchmark benchmark, NegotiationBenchmark.World world,
      NegotiationBenchmark.ReusingAgents reusing, int requests) throws Exception {
    if (requests == 0) {
      return;
    }
    NegotiationBenchmark.SessionMessengers plain = new NegotiationBenchmark.SessionMessengers();
    NegotiationBenchmark.JsonSessionMessengers plainJson = new NegotiationBenchmark.JsonSessionMessengers();
    reusing.setUp(world);
    try {
      plain.setUp(world);
      try {
        plainJson.setUp(world);
        try {
          for (int i = 0; i < requests; i++) {
            expect(isFirstReply(benchmark.firstRequestOnReusedProtocol(reusing)));
            plain.atAlice = new CompletableFuture<>();
            expect(Arrays.equals(benchmark.plainRequestReply(plain), plain.reply));
            plainJson.atAlice = new CompletableFuture<>();
            expect(isFirstReply(benchmark.plainJsonRequestReply(plainJson)));
          }
        } finally {
          plainJson.tearDown();
        }
      } finally {
        plain.tearDown();
      }
    } finally {
      reusing.tearDown();
    }
  }

  private static void expect(boolean expected) {
    if (!expected) {
      throw new IllegalStateException("unexpected reply during the warm-up");
    }
  }

  /** A step of a body's set-up or tear-down. */
  private interface Step {
    void run() throws Exception;
  }

  /** Sets one body up, times one call of it, checks its reply and tears it down. */
  private static <T> long timed(Step setUp, Step tearDown, Callable<T> body, Predicate<T> expected)
      throws Exception {
    setUp.run();
    try {
      long start = System.nanoTime();
      T reply = body.call();
      long spent = System.nanoTime() - start;
      if (!expected.test(reply)) {
        throw new IllegalStateException("unexpected reply " + reply);
      }
      return spent;
    } finally {
      tearDown.run();
    }
  }

  private static boolean isFirstReply(JsonNode reply) {
    return reply.path("messageId").asText().equals("m-1");
  }
}
