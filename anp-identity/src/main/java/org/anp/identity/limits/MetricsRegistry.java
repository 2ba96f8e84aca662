package org.anp.identity.limits;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Named counters and gauges, each with an optional fixed set of labels, in registration order.
 * Asking twice for the same counter (name and labels) returns the same instance, so several
 * components may share one registry. A server that is given no registry keeps a private one, so
 * counting never depends on whether anything is exported.
 *
 * <p>Thread-safe.
 */
public final class MetricsRegistry {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final Map<String, Family> families = new LinkedHashMap<>();

  private MetricsRegistry() {}

  /** An empty registry. */
  public static MetricsRegistry create() {
    return new MetricsRegistry();
  }

  /** The counter without labels named {@code name}, created on first use. */
  public Counter counter(String name, String help) {
    return counter(name, help, Map.of());
  }

  /**
   * The counter {@code name} with these labels, created on first use.
   *
   * @throws IllegalArgumentException if a name or label is not a valid Prometheus name, or the
   *     name is already registered as a gauge
   */
  public synchronized Counter counter(String name, String help, Map<String, String> labels) {
    Family family = family(name, help, Type.COUNTER);
    Map<String, String> key = labelKey(labels);
    Series series = family.series.computeIfAbsent(key, k -> new Series(k, new Counter(), null));
    return series.counter;
  }

  /**
   * Registers a gauge read from {@code value} at each rendering (a queue length, entries held).
   * Registering the same name and labels again replaces the supplier.
   *
   * @throws IllegalArgumentException as for {@link #counter(String, String, Map)}
   */
  public synchronized void gauge(String name, String help, Map<String, String> labels, LongSupplier value) {
    Objects.requireNonNull(value, "value");
    Family family = family(name, help, Type.GAUGE);
    Map<String, String> key = labelKey(labels);
    family.series.put(key, new Series(key, null, value));
  }

  /** A consistent copy of every value, in registration order. */
  public synchronized List<Sample> snapshot() {
    List<Sample> out = new ArrayList<>();
    for (Family f : families.values()) {
      for (Series s : f.series.values()) {
        long v = s.counter != null ? s.counter.value() : s.gauge.getAsLong();
        out.add(new Sample(f.name, f.help, f.type == Type.COUNTER, s.labels, v));
      }
    }
    return List.copyOf(out);
  }

  private Family family(String name, String help, Type type) {
    Objects.requireNonNull(help, "help");
    if (!NAME.matcher(Objects.requireNonNull(name, "name")).matches()) {
      throw new IllegalArgumentException("not a metric name: " + name);
    }
    Family family = families.computeIfAbsent(name, n -> new Family(n, help, type));
    if (family.type != type) {
      throw new IllegalArgumentException(name + " is already registered as a " + family.type);
    }
    return family;
  }

  private static Map<String, String> labelKey(Map<String, String> labels) {
    Map<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, String> e : labels.entrySet()) {
      if (!LABEL.matcher(e.getKey()).matches() || e.getKey().startsWith("__")) {
        throw new IllegalArgumentException("not a label name: " + e.getKey());
      }
      sorted.put(e.getKey(), Objects.requireNonNull(e.getValue(), "label value"));
    }
    return Collections.unmodifiableMap(sorted);
  }

  /**
   * One value at the time of a {@link #snapshot()}.
   *
   * @param name the metric name
   * @param help its one-line description
   * @param counter {@code true} for a counter, {@code false} for a gauge
   * @param labels label names to values, sorted by name
   * @param value the value
   */
  public record Sample(String name, String help, boolean counter, Map<String, String> labels, long value) {
    public Sample {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(help, "help");
      labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    }
  }

  private enum Type {
    COUNTER,
    GAUGE
  }

  private static final class Family {
    final String name;
    final String help;
    final Type type;
    final Map<Map<String, String>, Series> series = new LinkedHashMap<>();

    Family(String name, String help, Type type) {
      this.name = name;
      this.help = help;
      this.type = type;
    }
  }

  private record Series(Map<String, String> labels, Counter counter, LongSupplier gauge) {}
}
