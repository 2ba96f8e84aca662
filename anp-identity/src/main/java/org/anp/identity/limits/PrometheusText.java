package org.anp.identity.limits;

import java.util.List;
import java.util.Map;

/**
 * Renders a {@link MetricsRegistry} in the Prometheus text exposition format 0.0.4: one {@code #
 * HELP} and {@code # TYPE} line per metric name, then one line per label set. Serve it with
 * {@link #CONTENT_TYPE}. Stateless.
 */
public final class PrometheusText {
  /** The media type of the rendered text. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private PrometheusText() {}

  /** The registry's current values as exposition text. */
  public static String render(MetricsRegistry registry) {
    List<MetricsRegistry.Sample> samples = registry.snapshot();
    StringBuilder out = new StringBuilder();
    String current = null;
    for (MetricsRegistry.Sample s : samples) {
      if (!s.name().equals(current)) {
        current = s.name();
        out.append("# HELP ").append(s.name()).append(' ').append(escapeHelp(s.help())).append('\n');
        out.append("# TYPE ").append(s.name()).append(' ').append(s.counter() ? "counter" : "gauge").append('\n');
      }
      out.append(s.name());
      if (!s.labels().isEmpty()) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, String> l : s.labels().entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          out.append(l.getKey()).append("=\"").append(escapeLabel(l.getValue())).append('"');
        }
        out.append('}');
      }
      out.append(' ').append(s.value()).append('\n');
    }
    return out.toString();
  }

  private static String escapeHelp(String help) {
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }

  private static String escapeLabel(String value) {
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\"", "\\\"");
  }
}
