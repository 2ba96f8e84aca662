package org.anp.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A cross-check of the JMH figures for a shared, loaded machine: every benchmark body of the
 * ratio table runs in short batches, all bodies taking turns round after round, and each batch is
 * timed by the thread's CPU time rather than the wall clock. Other processes then neither slow
 * one side of a ratio more than the other nor count as work; the best batch of each body is
 * kept. This is not JMH (no forks, no blackholes beyond returning results, warm-up by the first
 * rounds only), so it complements the JMH run rather than replacing it.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.anp.benchmarks.CpuTimeCrossCheck [rounds]}
 * (default 40, about two minutes on 2 cores). Prints the table of {@link BenchmarkReport}; the
 * "best" columns hold the best batch's CPU time per operation.
 */
public final class CpuTimeCrossCheck {
  private static final int WARM_UP_ROUNDS = 5;
  private static final long BATCH_NANOS = 20_000_000;

  private CpuTimeCrossCheck() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    System.out.print(BenchmarkReport.table(measure(rounds)));
  }

  /** Runs {@code rounds} measured rounds (after a few warm-up rounds); JMH-shaped results. */
  static JsonNode measure(int rounds) throws Exception {
    Map<BenchmarkReport.Measured, Callable<Object>> bodies = bodies();
    Map<BenchmarkReport.Measured, Integer> batch = new LinkedHashMap<>();
    Map<BenchmarkReport.Measured, Double> best = new LinkedHashMap<>();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < WARM_UP_ROUNDS + rounds; round++) {
      for (Map.Entry<BenchmarkReport.Measured, Callable<Object>> body : bodies.entrySet()) {
        int n = batch.getOrDefault(body.getKey(), 1);
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
          if (body.getValue().call() == null) {
            throw new IllegalStateException(body.getKey() + " returned nothing");
          }
        }
        long spent = Math.max(1, threads.getCurrentThreadCpuTime() - start);
        // Size the next batch to about BATCH_NANOS of CPU time.
        batch.put(body.getKey(), (int) Math.max(1, Math.min(1_000_000, n * BATCH_NANOS / spent)));
        if (round >= WARM_UP_ROUNDS) {
          best.merge(body.getKey(), spent / 1000.0 / n, Math::min);
        }
      }
    }
    ArrayNode results = JsonNodeFactory.instance.arrayNode();
    best.forEach((measured, micros) -> results.add(result(measured, micros)));
    return results;
  }

  private static ObjectNode result(BenchmarkReport.Measured measured, double micros) {
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    result.put("benchmark", "org.anp.benchmarks." + measured.benchmark());
    ObjectNode params = result.putObject("params");
    measured.params().forEach(params::put);
    ObjectNode metric = result.putObject("primaryMetric");
    metric.put("score", micros);
    metric.put("scoreError", 0.0);
    metric.put("scoreUnit", "us/op");
    metric.putArray("rawData").addArray().add(micros);
    return result;
  }

  private static Map<BenchmarkReport.Measured, Callable<Object>> bodies() throws Exception {
    Map<BenchmarkReport.Measured, Callable<Object>> bodies = new LinkedHashMap<>();
    E2eHandshakeBenchmark handshakes = new E2eHandshakeBenchmark();
    for (String method : List.of("did:all", "did:wba")) {
      E2eHandshakeBenchmark.CachedParties parties = new E2eHandshakeBenchmark.CachedParties();
      parties.didMethod = method;
      parties.setUp();
      bodies.put(measured("E2eHandshakeBenchmark.anpHandshake", "didMethod", method), () -> handshakes.anpHandshake(parties));
    }
    E2eHandshakeBenchmark.FirstContactParties strangers = new E2eHandshakeBenchmark.FirstContactParties();
    strangers.setUp();
    bodies.put(measured("E2eHandshakeBenchmark.anpHandshakeFirstContact"), () -> handshakes.anpHandshakeFirstContact(strangers));
    E2eHandshakeBenchmark.Primitives primitives = new E2eHandshakeBenchmark.Primitives();
    primitives.setUp();
    bodies.put(measured("E2eHandshakeBenchmark.barePrimitives"), () -> handshakes.barePrimitives(primitives));
    bodies.put(
        measured("E2eHandshakeBenchmark.barePrimitivesFreshHelloKeys"),
        () -> handshakes.barePrimitivesFreshHelloKeys(primitives));
    TlsHandshakeBenchmark tls = new TlsHandshakeBenchmark();
    tls.setUp();
    bodies.put(measured("TlsHandshakeBenchmark.tlsHandshake"), tls::tlsHandshake);
    E2eMessageBenchmark messages = new E2eMessageBenchmark();
    messages.setUp();
    bodies.put(measured("E2eMessageBenchmark.anpMessage"), messages::anpMessage);
    bodies.put(measured("E2eMessageBenchmark.rawJacksonAesGcm"), messages::rawJacksonAesGcm);
    for (String keyType : List.of("secp256k1", "P-256", "Ed25519")) {
      DidWbaAuthBenchmark header = new DidWbaAuthBenchmark();
      header.keyType = keyType;
      header.setUp();
      DidWbaAuthBenchmark raw = new DidWbaAuthBenchmark();
      raw.keyType = keyType;
      raw.setUp();
      bodies.put(measured("DidWbaAuthBenchmark.headerVerify", "keyType", keyType), header::headerVerify);
      bodies.put(measured("DidWbaAuthBenchmark.rawVerify", "keyType", keyType), raw::rawVerify);
    }
    return bodies;
  }

  private static BenchmarkReport.Measured measured(String benchmark) {
    return new BenchmarkReport.Measured(benchmark, Map.of());
  }

  private static BenchmarkReport.Measured measured(String benchmark, String param, String value) {
    return new BenchmarkReport.Measured(benchmark, Map.of(param, value));
  }
}
