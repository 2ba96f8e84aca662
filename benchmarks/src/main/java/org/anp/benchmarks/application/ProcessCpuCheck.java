package org.anp.benchmarks.application;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A cross-check of the layer-3 JMH figures that other processes on a shared machine cannot skew:
 * each body runs in batches (about 200 ms each, the bodies taking turns round after round, one
 * caller thread), and each batch is charged the CPU time of the whole JVM (client, server event
 * loops, worker threads, the HTTP client's threads, GC), divided by its operations; each body's
 * figure pools the best third of its batches. On a saturated machine throughput is cores divided by CPU per
 * operation, so the ratio of these figures is the throughput ratio the CPU allows.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.anp.benchmarks.application.ProcessCpuCheck
 * [rounds [name-part]]} (default 15 after 5 warm-up rounds; with a name part, only the bodies whose
 * name contains it, for profiling).
 */
public final class ProcessCpuCheck {
  private static final int WARM_UP_ROUNDS = 5;
  private static final long BATCH_NANOS = 200_000_000;

  private ProcessCpuCheck() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    String only = args.length > 1 ? args[1] : "";
    CallBenchmark calls = new CallBenchmark();
    CallBenchmark.Bare bare = new CallBenchmark.Bare();
    CallBenchmark.Anp anp = new CallBenchmark.Anp();
    CallBenchmark.Mcp mcp = new CallBenchmark.Mcp();
    VerifyBenchmark verify = new VerifyBenchmark();
    CrawlBenchmark crawl = new CrawlBenchmark();
    Map<String, Callable<Object>> bodies = new LinkedHashMap<>();
    bodies.put("CallBenchmark.bareEcho", () -> calls.bareEcho(bare));
    bodies.put("CallBenchmark.anpTokenCall", () -> calls.anpTokenCall(anp));
    bodies.put("CallBenchmark.anpFirstCall", () -> calls.anpFirstCall(anp));
    bodies.put("CallBenchmark.mcpToolCall", () -> calls.mcpToolCall(mcp));
    bodies.put("VerifyBenchmark.jcsAndSignature", verify::jcsAndSignature);
    bodies.put("VerifyBenchmark.verifyDescription", verify::verifyDescription);
    bodies.put("CrawlBenchmark.fetchOnly", crawl::fetchOnly);
    bodies.put("CrawlBenchmark.crawlAndVerify", crawl::crawlAndVerify);
    bodies.keySet().removeIf(name -> !name.contains(only));
    boolean anyBare = has(bodies, "bareEcho");
    boolean anyAnp = has(bodies, "anp");
    boolean anyMcp = has(bodies, "mcp");
    boolean anyVerify = has(bodies, "VerifyBenchmark");
    boolean anyCrawl = has(bodies, "CrawlBenchmark");
    if (anyBare) {
      bare.start();
    }
    if (anyAnp) {
      anp.start();
    }
    if (anyMcp) {
      mcp.start();
    }
    if (anyVerify) {
      verify.setUp();
    }
    if (anyCrawl) {
      crawl.setUp();
    }
    try {
      Map<String, Double> best = measure(bodies, rounds);
      if (only.isEmpty()) {
        report(best);
      } else {
        best.forEach((name, micros) -> System.out.printf(Locale.ROOT, "%s %.1f%n", name, micros));
      }
    } finally {
      if (anyCrawl) {
        crawl.tearDown();
      }
      if (anyMcp) {
        mcp.stop();
      }
      if (anyAnp) {
        anp.stop();
      }
      if (anyBare) {
        bare.stop();
      }
    }
    // The command's job ends with its report: on 2026-12-07 the JVM stayed up after it (a
    // non-daemon thread of one of the stopped clients or servers), which held run-application.sh.
    System.exit(0);
  }

  private static boolean has(Map<String, Callable<Object>> bodies, String part) {
    return bodies.keySet().stream().anyMatch(name -> name.contains(part));
  }

  static Map<String, Double> measure(Map<String, Callable<Object>> bodies, int rounds) throws Exception {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Map<String, Integer> batch = new LinkedHashMap<>();
    Map<String, List<long[]>> measured = new LinkedHashMap<>();
    for (int round = 0; round < WARM_UP_ROUNDS + rounds; round++) {
      for (Map.Entry<String, Callable<Object>> body : bodies.entrySet()) {
        int n = batch.getOrDefault(body.getKey(), 1);
        long wall = System.nanoTime();
        long start = os.getProcessCpuTime();
        for (int i = 0; i < n; i++) {
          if (body.getValue().call() == null) {
            throw new IllegalStateException(body.getKey() + " returned nothing");
          }
        }
        long spent = Math.max(1, os.getProcessCpuTime() - start);
        long elapsed = Math.max(1, System.nanoTime() - wall);
        batch.put(body.getKey(), (int) Math.max(1, Math.min(1_000_000, n * BATCH_NANOS / elapsed)));
        if (round >= WARM_UP_ROUNDS) {
          measured.computeIfAbsent(body.getKey(), k -> new ArrayList<>()).add(new long[] {spent, n});
        }
        System.err.printf(Locale.ROOT, "round %d %s: %d ops, %.1f µs CPU/op, %.1f µs wall/op%n",
            round, body.getKey(), n, spent / 1000.0 / n, elapsed / 1000.0 / n);
      }
    }
    Map<String, Double> best = new LinkedHashMap<>();
    measured.forEach((name, batches) -> best.put(name, bestThird(batches)));
    return best;
  }

  /**
   * CPU per operation over the best third of the batches, pooled (their CPU time over their
   * operations). The process CPU clock advances in ticks (10 ms here), so a single best batch of
   * a short body under load could read a tick low, even 0; pooling a third of the batches keeps
   * the reading of a quiet spell without that error.
   */
  private static double bestThird(List<long[]> batches) {
    List<long[]> sorted = new ArrayList<>(batches);
    sorted.sort(Comparator.comparingDouble(b -> (double) b[0] / b[1]));
    int keep = Math.max(1, sorted.size() / 3);
    long cpu = 0;
    long ops = 0;
    for (long[] b : sorted.subList(0, keep)) {
      cpu += b[0];
      ops += b[1];
    }
    return cpu / 1000.0 / ops;
  }

  private static void report(Map<String, Double> best) {
    System.out.println("| body | process CPU µs/op (best third of the batches) |");
    System.out.println("|---|---|");
    best.forEach((name, micros) -> System.out.printf(Locale.ROOT, "| %s | %.1f |%n", name, micros));
    System.out.println();
    System.out.println("| ratio | value (baseline CPU / measured CPU) |");
    System.out.println("|---|---|");
    ratio(best, "token call vs bare echo", "CallBenchmark.bareEcho", "CallBenchmark.anpTokenCall");
    ratio(best, "first call vs bare echo", "CallBenchmark.bareEcho", "CallBenchmark.anpFirstCall");
    ratio(best, "token call vs MCP tool call", "CallBenchmark.mcpToolCall", "CallBenchmark.anpTokenCall");
    ratio(best, "description verify vs JCS + signature", "VerifyBenchmark.jcsAndSignature",
        "VerifyBenchmark.verifyDescription");
    ratio(best, "crawl + verify vs fetch only", "CrawlBenchmark.fetchOnly", "CrawlBenchmark.crawlAndVerify");
  }

  private static void ratio(Map<String, Double> best, String what, String baseline, String measured) {
    System.out.printf(Locale.ROOT, "| %s | %.2fx |%n", what, best.get(baseline) / best.get(measured));
  }
}
