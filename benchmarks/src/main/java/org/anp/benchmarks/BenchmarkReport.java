package org.anp.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a JMH JSON result file ({@code -rf json}) into the ratio table of docs/benchmarks.md.
 * Every row compares a measured operation with its baseline from the same run: the ratio is the
 * baseline's average time divided by the operation's, so a higher ratio means faster and each
 * goal is a lower bound, judged on the ratio of the best iterations (see {@link Score}). The
 * ratio of the means is shown too; the range in brackets combines both scores' 99.9 % error intervals
 * (lowest baseline over highest subject, highest over lowest; unbounded when the subject's
 * interval reaches zero).
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.anp.benchmarks.BenchmarkReport results.json}; the
 * table goes to standard output.
 */
public final class BenchmarkReport {
  private static final String PACKAGE = "org.anp.benchmarks.";

  /** One benchmark of a result file: class and method, and the JMH parameters it ran with. */
  record Measured(String benchmark, Map<String, String> params) {
    boolean matches(JsonNode result) {
      if (!result.path("benchmark").asText().equals(PACKAGE + benchmark)) {
        return false;
      }
      JsonNode actual = result.path("params");
      return params.entrySet().stream()
          .allMatch(e -> actual.path(e.getKey()).asText().equals(e.getValue()));
    }

    @Override
    public String toString() {
      return benchmark + (params.isEmpty() ? "" : " " + params);
    }
  }

  /**
   * A line of the table: what is measured, against which baseline, and the goal ({@code NaN} for a
   * diagnostic line that explains another one and has no goal).
   */
  record Row(String what, Measured subject, String baselineName, Measured baseline, double goal) {}

  /** A line of the provider table: one operation on the JDK and on BouncyCastle. */
  record ProviderRow(String operation, Measured jdk, Measured bouncyCastle, String chosen) {}

  /** The provider each primitive of the E2E and authentication paths uses, and its rivals. */
  static final List<ProviderRow> PROVIDERS =
      List.of(
          provider("P-256 key generation", "ProviderBenchmark.jdkP256KeyGeneration", "ProviderBenchmark.bcP256KeyGeneration", "BC"),
          provider("P-256 ECDH", "ProviderBenchmark.jdkP256Ecdh", "ProviderBenchmark.bcP256Ecdh", "BC"),
          provider("P-256 ECDSA sign (64 bytes)", "EcdsaP256Benchmark.jdkSign", "EcdsaP256Benchmark.bcSign", "BC"),
          provider("P-256 ECDSA verify (64 bytes)", "EcdsaP256Benchmark.jdkVerify", "EcdsaP256Benchmark.bcVerify", "BC"),
          provider("AES-128-GCM seal, 1 KiB", "ProviderBenchmark.jdkAesGcmSeal1KiB", "ProviderBenchmark.bcAesGcmSeal1KiB", "JDK"),
          provider("HMAC-SHA256, 64 bytes (one HKDF step)", "ProviderBenchmark.jdkHmacSha256", "ProviderBenchmark.bcHmacSha256", "JDK"));

  /** The rows of issue 6 this module measures; the relay rows are measured elsewhere. */
  static final List<Row> ROWS =
      List.of(
          new Row(
              "full ANP E2E 1.0 handshake, both sides, P-256, did:all (key derives the DID)",
              handshake("did:all"),
              "JDK TLS 1.3 over `SSLEngine`, mutual auth, P-256 certificates and key share, AES-128-GCM",
              tls(),
              5.0),
          new Row(
              "full ANP E2E 1.0 handshake, both sides, P-256, did:wba (document cached)",
              handshake("did:wba"),
              "JDK TLS 1.3 over `SSLEngine`, mutual auth, P-256 certificates and key share, AES-128-GCM",
              tls(),
              5.0),
          new Row(
              "the same handshake, did:all",
              handshake("did:all"),
              "bare primitives (2 key generations, 2 signs, 2 verifies, 2 ECDH, HKDF), same providers",
              primitives(),
              0.8),
          new Row(
              "the same handshake, did:wba (document cached)",
              handshake("did:wba"),
              "bare primitives (2 key generations, 2 signs, 2 verifies, 2 ECDH, HKDF), same providers",
              primitives(),
              0.8),
          new Row(
              "diagnostic: the same handshake, did:all",
              handshake("did:all"),
              "bare primitives with both hello keys decoded from bytes before verifying, as the engine does",
              new Measured("E2eHandshakeBenchmark.barePrimitivesFreshHelloKeys", Map.of()),
              Double.NaN),
          new Row(
              "first contact: did:wba handshake, documents parsed and keys decoded each time",
              new Measured("E2eHandshakeBenchmark.anpHandshakeFirstContact", Map.of()),
              "bare primitives as above",
              primitives(),
              0.6),
          new Row(
              "encode + encrypt + parse + decrypt of a 1 KiB message (`SecureSession`, `E2eMessage`)",
              new Measured("E2eMessageBenchmark.anpMessage", Map.of()),
              "raw Jackson write/read of the same envelope + raw AES-128-GCM (JDK)",
              new Measured("E2eMessageBenchmark.rawJacksonAesGcm", Map.of()),
              0.6),
          auth("secp256k1"),
          auth("P-256"),
          auth("Ed25519"));

  private BenchmarkReport() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: BenchmarkReport <jmh-results.json>");
      System.exit(2);
    }
    JsonNode results = new ObjectMapper().readTree(Files.readAllBytes(Path.of(args[0])));
    System.out.print(table(results));
    System.out.println();
    System.out.print(providerTable(results));
  }

  /** The Markdown provider table: which provider is faster per operation, and what we use. */
  static String providerTable(JsonNode results) {
    StringBuilder out = new StringBuilder();
    out.append("| operation | JDK (µs/op) | BouncyCastle (µs/op) | JDK time / BC time | faster | project uses | confirmed? |\n");
    out.append("|---|---|---|---|---|---|---|\n");
    for (ProviderRow row : PROVIDERS) {
      Optional<JsonNode> jdk = find(results, row.jdk());
      Optional<JsonNode> bc = find(results, row.bouncyCastle());
      out.append("| ").append(row.operation()).append(" | ");
      if (jdk.isEmpty() || bc.isEmpty()) {
        out.append("not run | — | — | — | ").append(row.chosen()).append(" | — |\n");
        continue;
      }
      double j = Score.of(jdk.get()).mean();
      double b = Score.of(bc.get()).mean();
      String faster = j < b ? "JDK" : "BC";
      out.append(format(j)).append(" | ").append(format(b)).append(" | ").append(format(j / b)).append(" | ")
          .append(faster).append(" | ").append(row.chosen()).append(" | ")
          .append(faster.equals(row.chosen()) ? "yes" : "**no**").append(" |\n");
    }
    return out.toString();
  }

  /** The Markdown table for {@code results} (a JMH JSON array). */
  static String table(JsonNode results) {
    StringBuilder out = new StringBuilder();
    out.append("| what | baseline in the same run | goal | ratio of means [range] | ratio of best iterations"
        + " | met? | µs/op: mean (best) vs baseline mean (best) |\n");
    out.append("|---|---|---|---|---|---|---|\n");
    for (Row row : ROWS) {
      Optional<JsonNode> subject = find(results, row.subject());
      Optional<JsonNode> baseline = find(results, row.baseline());
      boolean diagnostic = Double.isNaN(row.goal());
      out.append("| ").append(row.what()).append(" | ").append(row.baselineName()).append(" | ")
          .append(diagnostic ? "—" : "≥ " + format(row.goal()) + "×").append(" | ");
      if (subject.isEmpty() || baseline.isEmpty()) {
        out.append("not run | — | — | — |\n");
        continue;
      }
      Score s = Score.of(subject.get());
      Score b = Score.of(baseline.get());
      double ratio = b.mean() / s.mean();
      double bestRatio = b.best() / s.best();
      out.append(format(ratio)).append("× [").append(format(b.low() / s.high())).append("–")
          .append(s.mean() > s.error() ? format(b.high() / (s.mean() - s.error())) : "∞").append("] | ")
          .append(format(bestRatio)).append("× | ")
          .append(diagnostic ? "—" : bestRatio >= row.goal() ? "yes" : "**no**")
          .append(" | ").append(format(s.mean())).append(" (").append(format(s.best())).append(") vs ")
          .append(format(b.mean())).append(" (").append(format(b.best())).append(") |\n");
    }
    return out.toString();
  }

  private static Optional<JsonNode> find(JsonNode results, Measured measured) {
    for (JsonNode result : results) {
      if (measured.matches(result)) {
        return Optional.of(result);
      }
    }
    return Optional.empty();
  }

  /**
   * A score in microseconds per operation: the mean with its error interval, and the best (lowest)
   * iteration. On a shared machine other processes only ever add time, so the best iteration is
   * the estimate least disturbed by them; the goals are judged on it.
   */
  record Score(double mean, double error, double best) {
    static Score of(JsonNode result) {
      JsonNode metric = result.path("primaryMetric");
      String unit = metric.path("scoreUnit").asText();
      if (!unit.equals("us/op")) {
        throw new IllegalArgumentException(result.path("benchmark").asText() + ": unit " + unit + ", expected us/op");
      }
      double error = metric.path("scoreError").asDouble(0);
      double mean = metric.path("score").asDouble();
      double best = Double.POSITIVE_INFINITY;
      for (JsonNode fork : metric.path("rawData")) {
        for (JsonNode iteration : fork) {
          best = Math.min(best, iteration.asDouble());
        }
      }
      return new Score(mean, Double.isNaN(error) ? 0 : error, Double.isInfinite(best) ? mean : best);
    }

    double low() {
      return Math.max(mean - error, 0);
    }

    double high() {
      return mean + error;
    }
  }

  private static String format(double value) {
    if (value >= 100) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    if (value >= 10) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    return String.format(Locale.ROOT, "%.2f", value);
  }

  private static Measured handshake(String didMethod) {
    return new Measured("E2eHandshakeBenchmark.anpHandshake", Map.of("didMethod", didMethod));
  }

  private static Measured tls() {
    return new Measured("TlsHandshakeBenchmark.tlsHandshake", Map.of());
  }

  private static Measured primitives() {
    return new Measured("E2eHandshakeBenchmark.barePrimitives", Map.of());
  }

  private static ProviderRow provider(String operation, String jdk, String bouncyCastle, String chosen) {
    return new ProviderRow(operation, new Measured(jdk, Map.of()), new Measured(bouncyCastle, Map.of()), chosen);
  }

  private static Row auth(String keyType) {
    return new Row(
        "DIDWba header verification, DID document cached, " + keyType,
        new Measured("DidWbaAuthBenchmark.headerVerify", Map.of("keyType", keyType)),
        "raw " + keyType + " signature verification, same provider and key object",
        new Measured("DidWbaAuthBenchmark.rawVerify", Map.of("keyType", keyType)),
        0.85);
  }
}
