package org.anp.benchmarks.relay;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;

/**
 * The relay cluster rows (issue 16): {@link RelayThroughputBenchmark} (1 KiB E2E messages, 64 in
 * flight) through the single in-memory relay, and through a two-node cluster on a real NATS
 * JetStream server with sender and receiver on the same node and on different nodes (with the
 * default direct hand-over, decision 0087, and with the stream only), in one JMH run; prints the
 * table of docs/benchmarks.md with the ratios. Needs {@code nats-server}.
 *
 * <p>Options: {@code --forks F} (1), {@code --warmups W} (3), {@code --iterations I} (5),
 * {@code --seconds S} per iteration (2); {@code --rounds R} measures the targets interleaved
 * instead, R rounds after W warm-up rounds of S-second slices ({@link ClusterInterleavedRun}).
 */
public final class RelayClusterBenchmarks {
  private RelayClusterBenchmarks() {}

  public static void main(String[] args) throws RunnerException {
    JmhRun run = JmhRun.parse(args, Map.of("--rounds", 0));
    if (run.extra("--rounds") > 0) {
      ClusterInterleavedRun.run(run.warmups(), run.extra("--rounds"), run.seconds());
      return;
    }
    Options options = run.options()
        .include(RelayThroughputBenchmark.class.getName() + ".message")
        .param("target", "relay", "cluster_same", "cluster_cross", "cluster_cross_direct")
        .build();
    Collection<RunResult> results = new Runner(options).run();
    double single = score(results, "relay");
    double same = score(results, "cluster_same");
    double cross = score(results, "cluster_cross");
    double direct = score(results, "cluster_cross_direct");
    System.out.println();
    System.out.println("| 1 KiB E2E messages, 64 in flight | msg/s | vs single relay | goal |");
    System.out.println("|---|---|---|---|");
    System.out.printf(Locale.ROOT, "| single in-memory relay | %,.0f | 1.00× | |%n", single);
    System.out.printf(Locale.ROOT, "| cluster, same node | %,.0f | %.2f× | ≥ 0.8× |%n", same, same / single);
    System.out.printf(Locale.ROOT, "| cluster, across nodes (default: direct hand-over) | %,.0f | %.2f× | ≥ 0.5× |%n",
        direct, direct / single);
    System.out.printf(Locale.ROOT, "| cluster, across nodes, stream only (direct hand-over off) | %,.0f | %.2f× | |%n",
        cross, cross / single);
  }

  private static double score(Collection<RunResult> results, String target) {
    return JmhRun.opsPerSecond(results, "message", target);
  }
}
