package org.anp.benchmarks.relay;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs rows 6-8 in one go and prints the relay table of docs/benchmarks.md: the two JMH
 * benchmarks (both targets each, in one JMH run) and the idle-connections measurement in a child
 * JVM with {@code -Xmx512m}.
 *
 * <p>Options: {@code --connections N} (default 10000), {@code --forks F} (1),
 * {@code --warmups W} (3), {@code --iterations I} (5), {@code --seconds S} per iteration (2).
 */
public final class RelayBenchmarks {
  private RelayBenchmarks() {}

  public static void main(String[] args) throws RunnerException, IOException, InterruptedException {
    int connections = 10_000;
    int forks = 1;
    int warmups = 3;
    int iterations = 5;
    int seconds = 2;
    for (int i = 0; i + 1 < args.length; i += 2) {
      int value = Integer.parseInt(args[i + 1]);
      switch (args[i]) {
        case "--connections" -> connections = value;
        case "--forks" -> forks = value;
        case "--warmups" -> warmups = value;
        case "--iterations" -> iterations = value;
        case "--seconds" -> seconds = value;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Options options = new OptionsBuilder()
        .include(RelayThroughputBenchmark.class.getName() + ".message")
        .include(RelayLatencyBenchmark.class.getName() + ".pingPong")
        .forks(forks)
        .warmupIterations(warmups)
        .warmupTime(TimeValue.seconds(seconds))
        .measurementIterations(iterations)
        .measurementTime(TimeValue.seconds(seconds))
        .timeout(TimeValue.minutes(2))
        // A failed iteration (a drain that timed out: frames lost) fails the run, rather than
        // leaving a score computed from the iterations that happened to pass.
        .shouldFailOnError(true)
        .build();
    Collection<RunResult> results = new Runner(options).run();
    IdleConnections.Result idle = IdleConnections.measure(connections, List.of("-Xmx512m", "-Xms512m"));
    RelayFigures figures = new RelayFigures(
        score(results, "message", "relay"), score(results, "message", "bare"),
        percentile(results, "relay", 50), percentile(results, "bare", 50),
        percentile(results, "relay", 99), percentile(results, "bare", 99),
        idle);
    System.out.println();
    System.out.print(figures.markdown());
  }

  private static RunResult find(Collection<RunResult> results, String method, String target) {
    return results.stream()
        .filter(r -> r.getParams().getBenchmark().endsWith("." + method) && target.equals(r.getParams().getParam("target")))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(String.format(Locale.ROOT, "no result for %s/%s", method, target)));
  }

  private static double score(Collection<RunResult> results, String method, String target) {
    RunResult r = find(results, method, target);
    if (r.getPrimaryResult().getScoreUnit().startsWith("ops/s")) {
      return r.getPrimaryResult().getScore();
    }
    throw new IllegalStateException("unexpected unit " + r.getPrimaryResult().getScoreUnit());
  }

  private static double percentile(Collection<RunResult> results, String target, double p) {
    RunResult r = find(results, "pingPong", target);
    double value = r.getPrimaryResult().getStatistics().getPercentile(p);
    if (!r.getPrimaryResult().getScoreUnit().startsWith("us")) {
      throw new IllegalStateException("unexpected unit " + r.getPrimaryResult().getScoreUnit());
    }
    return value;
  }
}
