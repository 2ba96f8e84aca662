package org.anp.benchmarks.relay;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The command line and JMH settings the relay benchmark mains share: {@code --forks F} (1),
 * {@code --warmups W} (3), {@code --iterations I} (5) and {@code --seconds S} per iteration (2),
 * plus whole-number options of the main's own; and finding a benchmark's score in the results.
 *
 * @param forks JMH forks
 * @param warmups warm-up iterations
 * @param iterations measurement iterations
 * @param seconds seconds per warm-up and measurement iteration
 * @param extras the main's own options by name (with their leading dashes), given or default
 */
record JmhRun(int forks, int warmups, int iterations, int seconds, Map<String, Integer> extras) {
  JmhRun {
    extras = Map.copyOf(extras);
  }

  /**
   * Reads {@code args} as pairs of option and whole number; {@code extraDefaults} names the
   * main's own options with their defaults.
   *
   * @throws IllegalArgumentException for an unknown option, a missing value or one that is not a
   *     whole number
   */
  static JmhRun parse(String[] args, Map<String, Integer> extraDefaults) {
    Map<String, Integer> values = new LinkedHashMap<>(Map.of("--forks", 1, "--warmups", 3, "--iterations", 5, "--seconds", 2));
    values.putAll(extraDefaults);
    for (int i = 0; i < args.length; i += 2) {
      if (!values.containsKey(args[i])) {
        throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + values.keySet());
      }
      if (i + 1 == args.length) {
        throw new IllegalArgumentException("option " + args[i] + " needs a value");
      }
      try {
        values.put(args[i], Integer.parseInt(args[i + 1]));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("option " + args[i] + " takes a whole number, not " + args[i + 1], e);
      }
    }
    Map<String, Integer> extras = new LinkedHashMap<>(values);
    extras.keySet().retainAll(extraDefaults.keySet());
    return new JmhRun(values.get("--forks"), values.get("--warmups"), values.get("--iterations"),
        values.get("--seconds"), extras);
  }

  /** The value of the main's own option {@code name}. */
  int extra(String name) {
    Integer value = extras.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no option " + name);
    }
    return value;
  }

  /**
   * JMH options with these forks, iterations and times, a 2-minute iteration timeout, and a run
   * that fails on a failed iteration (a drain that timed out: frames lost) rather than leaving a
   * score computed from the iterations that happened to pass; the caller adds what to run.
   */
  ChainedOptionsBuilder options() {
    return new OptionsBuilder()
        .forks(forks)
        .warmupIterations(warmups)
        .warmupTime(TimeValue.seconds(seconds))
        .measurementIterations(iterations)
        .measurementTime(TimeValue.seconds(seconds))
        .timeout(TimeValue.minutes(2))
        .shouldFailOnError(true);
  }

  /** The result of benchmark method {@code method} with parameter {@code target}. */
  static RunResult find(Collection<RunResult> results, String method, String target) {
    return results.stream()
        .filter(r -> r.getParams().getBenchmark().endsWith("." + method) && target.equals(r.getParams().getParam("target")))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(String.format(Locale.ROOT, "no result for %s/%s", method, target)));
  }

  /** The throughput score (operations per second) of {@code method} with {@code target}. */
  static double opsPerSecond(Collection<RunResult> results, String method, String target) {
    RunResult r = find(results, method, target);
    if (!r.getPrimaryResult().getScoreUnit().startsWith("ops/s")) {
      throw new IllegalStateException("unexpected unit " + r.getPrimaryResult().getScoreUnit());
    }
    return r.getPrimaryResult().getScore();
  }
}
