package org.anp.benchmarks.relay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The relay cluster rows measured interleaved, for a machine whose load changes within a run:
 * every target's rig ({@link RelayRig}, 64 frames in flight) is set up at once, and each round
 * times every target for a slice of {@code seconds}, in an order that rotates from round to
 * round; a ratio is taken within each round (the targets' slices are seconds apart) and the
 * median over the rounds is reported. One thread; the JMH run of {@link RelayClusterBenchmarks}
 * remains the method of record when the machine is quiet.
 */
final class ClusterInterleavedRun {
  private static final List<String> TARGETS = List.of("relay", "cluster_same", "cluster_cross_direct", "cluster_cross");

  private ClusterInterleavedRun() {}

  static void run(int warmups, int rounds, int seconds) {
    Map<String, RelayRig> rigs = new LinkedHashMap<>();
    try {
      for (String t : TARGETS) {
        rigs.put(t, RelayRig.windowed(RelayRig.Target.valueOf(t.toUpperCase(Locale.ROOT)),
            RelayThroughputBenchmark.IN_FLIGHT));
      }
      Map<String, List<Double>> rates = new LinkedHashMap<>();
      TARGETS.forEach(t -> rates.put(t, new ArrayList<>()));
      for (int round = 0; round < warmups + rounds; round++) {
        for (int i = 0; i < TARGETS.size(); i++) {
          String t = TARGETS.get((round + i) % TARGETS.size());
          double rate = slice(rigs.get(t), seconds);
          if (round >= warmups) {
            rates.get(t).add(rate);
          }
        }
        if (round >= warmups) {
          System.out.printf(Locale.ROOT, "round %d: %s%n", round - warmups + 1, TARGETS.stream()
              .map(t -> String.format(Locale.ROOT, "%s %,.0f", t, rates.get(t).get(rates.get(t).size() - 1))).toList());
        }
      }
      print(rates);
    } finally {
      rigs.values().forEach(RelayRig::close);
    }
  }

  /** Frames per second through {@code rig} for {@code seconds}, up to the last frame's arrival. */
  private static double slice(RelayRig rig, int seconds) {
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    long sent = 0;
    while (System.nanoTime() < end) {
      rig.sendWindowed();
      sent++;
    }
    rig.awaitDrained();
    return sent / ((System.nanoTime() - start) / 1e9);
  }

  private static void print(Map<String, List<Double>> rates) {
    List<Double> single = rates.get("relay");
    System.out.println();
    System.out.println("| 1 KiB E2E messages, 64 in flight, interleaved | median msg/s | median ratio per round (min-max) | goal |");
    System.out.println("|---|---|---|---|");
    row("single in-memory relay", single, single, "");
    row("cluster, same node", rates.get("cluster_same"), single, "≥ 0.8×");
    row("cluster, across nodes (default: direct hand-over)", rates.get("cluster_cross_direct"), single, "≥ 0.5×");
    row("cluster, across nodes, stream only (direct hand-over off)", rates.get("cluster_cross"), single, "");
  }

  private static void row(String name, List<Double> rates, List<Double> single, String goal) {
    double[] ratios = new double[rates.size()];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = rates.get(i) / single.get(i);
    }
    double[] sorted = ratios.clone();
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "| %s | %,.0f | %.2f× (%.2f-%.2f) | %s |%n", name, median(rates), median(ratios),
        sorted[0], sorted[sorted.length - 1], goal);
  }

  private static double median(List<Double> values) {
    return median(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
