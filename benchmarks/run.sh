#!/usr/bin/env bash
# Builds benchmarks/target/benchmarks.jar and runs the benchmark set of rows 1-5 of issue 6 and
# the provider comparisons (the classes directly in org.anp.benchmarks; the relay rows have
# run-relay.sh): one fork, 3 warm-up and 5 measured iterations of 2 s per benchmark, about 10
# minutes on 2 cores, then the thread-CPU-time cross-check (CpuTimeCrossCheck, about 2 minutes).
# JMH's JSON goes to benchmarks/target/jmh-results.json; the ratio tables of docs/benchmarks.md,
# made from it by org.anp.benchmarks.BenchmarkReport, and the cross-check's table go to standard
# output and benchmarks/target/jmh-results.md, with the load average before and after the JMH run
# (the figures are only comparable within one run).
#
# Arguments replace the default JMH settings and pattern and go to JMH as they are, e.g.
#   benchmarks/run.sh -f 3 -wi 5 -i 10 E2eHandshake     (one class, more forks and iterations)
#   benchmarks/run.sh -h                                 (JMH's options)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
target="$root/benchmarks/target"
(cd "$root" && mvn -B -q -DskipTests -pl benchmarks -am package)

if [[ $# -eq 0 ]]; then
  set -- -f 1 -wi 3 -w 2s -i 5 -r 2s '^org\.anp\.benchmarks\.[A-Z]'
fi
before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
java -jar "$target/benchmarks.jar" -rf json -rff "$target/jmh-results.json" "$@"
after="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"

{
  echo "JMH: load average (1, 5, 15 min) before the run: $before; after: $after; cores: $(nproc)."
  echo
  java -cp "$target/benchmarks.jar" org.anp.benchmarks.BenchmarkReport "$target/jmh-results.json"
  echo
  echo "Thread-CPU-time cross-check (best batch of 40 rounds), load before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)."
  echo
  java -cp "$target/benchmarks.jar" org.anp.benchmarks.CpuTimeCrossCheck
} | tee "$target/jmh-results.md"
