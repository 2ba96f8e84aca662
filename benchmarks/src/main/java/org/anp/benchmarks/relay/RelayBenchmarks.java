package org.anp.benchmarks.relay;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;

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
    JmhRun run = JmhRun.parse(args, Map.of("--connections", 10_000));
    Options options = run.options()
        .include(RelayThroughputBenchmark.class.getName() + ".message")
        .include(RelayLatencyBenchmark.class.getName() + ".pingPong")
        .build();
    Collection<RunResult> results = new Runner(options).run();
    IdleConnections.Result idle = IdleConnections.measure(run.extra("--connections"), List.of("-Xmx512m", "-Xms512m"));
    RelayFigures figures = new RelayFigures(
        JmhRun.opsPerSecond(results, "message", "relay"), JmhRun.opsPerSecond(results, "message", "bare"),
        percentile(results, "relay", 50), percentile(results, "bare", 50),
        percentile(results, "relay", 99), percentile(results, "bare", 99),
        idle);
    System.out.println();
    System.out.print(figures.markdown());
  }

  private static double percentile(Collection<RunResult> results, String target, double p) {
    RunResult r = JmhRun.find(results, "pingPong", target);
    double value = r.getPrimaryResult().getStatistics().getPercentile(p);
    if (!r.getPrimaryResult().getScoreUnit().startsWith("us")) {
      throw new IllegalStateException("unexpected unit " + r.getPrimaryResult().getScoreUnit());
    }
    return value;
  }
}
