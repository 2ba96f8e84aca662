package org.anp.benchmarks.relay;

import java.lang.management.ManagementFactory;
import java.time.Duration;
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
      Map<String, List<Double>> jvmCpus = new LinkedHashMap<>();
      Map<String, List<Double>> natsCpus = new LinkedHashMap<>();
      for (String t : TARGETS) {
        rates.put(t, new ArrayList<>());
        jvmCpus.put(t, new ArrayList<>());
        natsCpus.put(t, new ArrayList<>());
      }
      for (int round = 0; round < warmups + rounds; round++) {
        for (int i = 0; i < TARGETS.size(); i++) {
          String t = TARGETS.get((round + i) % TARGETS.size());
          List<Double> cpu = new ArrayList<>();
          double rate = slice(rigs.get(t), seconds, cpu);
          if (round >= warmups) {
            rates.get(t).add(rate);
            jvmCpus.get(t).add(cpu.get(0));
            natsCpus.get(t).add(cpu.get(1));
          }
        }
        if (round >= warmups) {
          System.out.printf(Locale.ROOT, "round %d: %s%n", round - warmups + 1, TARGETS.stream()
              .map(t -> String.format(Locale.ROOT, "%s %,.0f", t, rates.get(t).get(rates.get(t).size() - 1))).toList());
        }
      }
      print(rates, jvmCpus, natsCpus);
    } finally {
      rigs.values().forEach(RelayRig::close);
    }
  }

  /**
   * Frames per second through {@code rig} for {@code seconds}, up to the last frame's arrival;
   * adds the CPU time per frame spent meanwhile by this JVM, then by its nats-servers, in µs, to
   * {@code cpuPerFrame}.
   */
  private static double slice(RelayRig rig, int seconds, List<Double> cpuPerFrame) {
    long jvm = jvmCpuNanos();
    long nats = childCpuNanos();
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    long sent = 0;
    while (System.nanoTime() < end) {
      rig.sendWindowed();
      sent++;
    }
    rig.awaitDrained();
    double rate = sent / ((System.nanoTime() - start) / 1e9);
    cpuPerFrame.add((jvmCpuNanos() - jvm) / 1e3 / sent);
    cpuPerFrame.add((childCpuNanos() - nats) / 1e3 / sent);
    return rate;
  }

  /** CPU time of this JVM (relays and clients), in nanoseconds. */
  private static long jvmCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** CPU time of this JVM's child processes (the nats-servers), in nanoseconds. */
  private static long childCpuNanos() {
    return ProcessHandle.current().children()
        .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
  }

  private static void print(Map<String, List<Double>> rates, Map<String, List<Double>> jvm,
      Map<String, List<Double>> nats) {
    List<Double> single = rates.get("relay");
    System.out.println();
    System.out.println("| 1 KiB E2E messages, 64 in flight, interleaved | median msg/s | median ratio per round (min-max) "
        + "| CPU per message (median): JVM + nats-server | goal |");
    System.out.println("|---|---|---|---|---|");
    row("single in-memory relay", single, single, jvm.get("relay"), nats.get("relay"), "");
    row("cluster, same node", rates.get("cluster_same"), single, jvm.get("cluster_same"), nats.get("cluster_same"), "≥ 0.8×");
    row("cluster, across nodes (default: direct hand-over)", rates.get("cluster_cross_direct"), single,
        jvm.get("cluster_cross_direct"), nats.get("cluster_cross_direct"), "≥ 0.5×");
    row("cluster, across nodes, stream only (direct hand-over off)", rates.get("cluster_cross"), single,
        jvm.get("cluster_cross"), nats.get("cluster_cross"), "");
  }

  private static void row(String name, List<Double> rates, List<Double> single, List<Double> jvm, List<Double> nats,
      String goal) {
    double[] ratios = new double[rates.size()];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = rates.get(i) / single.get(i);
    }
    double[] sorted = ratios.clone();
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "| %s | %,.0f | %.2f× (%.2f-%.2f) | %.0f + %.0f µs | %s |%n", name,
        median(rates), median(ratios), sorted[0], sorted[sorted.length - 1], median(jvm), median(nats), goal);
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
