package org.anp.benchmarks.application;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH's JSON of the layer-3 benchmarks into the ratio table of docs/benchmarks.md: each
 * ratio is baseline time / measured time from the same run (higher is faster; goals are lower
 * bounds), from the means and, where JMH gives one, the best iteration; the call rows also give
 * p50 latencies.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.anp.benchmarks.application.ApplicationReport
 * results.json}
 */
public final class ApplicationReport {
  private ApplicationReport() {}

  public static void main(String[] args) throws IOException {
    System.out.print(table(new ObjectMapper().readTree(new File(args[0]))));
  }

  /** A score: mean, best iteration (NaN if unknown), p50 (NaN if unknown). */
  record Score(double mean, double best, double p50) {}

  static String table(JsonNode results) {
    Map<String, Score> scores = new HashMap<>();
    for (JsonNode r : results) {
      String name = r.path("benchmark").asText();
      name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      JsonNode metric = r.path("primaryMetric");
      double best = Double.NaN;
      for (JsonNode fork : metric.path("rawData")) {
        for (JsonNode iteration : fork) {
          best = Double.isNaN(best) ? iteration.asDouble() : Math.min(best, iteration.asDouble());
        }
      }
      double p50 = metric.path("scorePercentiles").path("50.0").asDouble(Double.NaN);
      scores.put(name, new Score(metric.path("score").asDouble(), best, p50));
    }
    StringBuilder out = new StringBuilder();
    out.append("| row | measured | baseline | goal | ratio of means | ratio of best iterations | mean (best) vs baseline mean (best) |\n");
    out.append("|---|---|---|---|---|---|---|\n");
    row(out, scores, "token call", "CallBenchmark.anpTokenCall", "CallBenchmark.bareEcho", "≥ 0.7×");
    row(out, scores, "first call", "CallBenchmark.anpFirstCall", "CallBenchmark.bareEcho", "≥ 0.5×");
    row(out, scores, "token call vs MCP", "CallBenchmark.anpTokenCall", "CallBenchmark.mcpToolCall", "≥ 1.5×");
    row(out, scores, "description verification", "VerifyBenchmark.verifyDescription",
        "VerifyBenchmark.jcsAndSignature", "≥ 0.8×");
    row(out, scores, "crawl 1,000 + verify", "CrawlBenchmark.crawlAndVerify", "CrawlBenchmark.fetchOnly", "≥ 0.5×");
    out.append("\n| call | p50 µs | mean µs |\n|---|---|---|\n");
    for (String body : new String[] {"bareEcho", "anpTokenCall", "anpFirstCall", "mcpToolCall"}) {
      Score s = scores.get("CallBenchmark." + body);
      if (s != null) {
        out.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f |%n", body, s.p50(), s.mean()));
      }
    }
    return out.toString();
  }

  private static void row(StringBuilder out, Map<String, Score> scores, String what, String measured,
      String baseline, String goal) {
    Score m = scores.get(measured);
    Score b = scores.get(baseline);
    if (m == null || b == null) {
      return;
    }
    out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f× | %s | %s |%n", what, measured, baseline, goal,
        b.mean() / m.mean(), Double.isNaN(m.best()) || Double.isNaN(b.best()) ? "—"
            : String.format(Locale.ROOT, "%.2f×", b.best() / m.best()),
        Double.isNaN(m.best()) || Double.isNaN(b.best())
            ? String.format(Locale.ROOT, "%.0f vs %.0f", m.mean(), b.mean())
            : String.format(Locale.ROOT, "%.0f (%.0f) vs %.0f (%.0f)", m.mean(), m.best(), b.mean(), b.best())));
  }
}
