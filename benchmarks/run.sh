#!/usr/bin/env bash
# Builds benchmarks/target/benchmarks.jar and runs the whole benchmark set (about 9 minutes on
# 2 cores): one fork, 3 warm-up and 5 measured iterations of 2 s per benchmark. JMH's JSON goes
# to benchmarks/target/jmh-results.json; the ratio tables of docs/benchmarks.md, made from it by
# org.anp.benchmarks.BenchmarkReport, go to standard output and benchmarks/target/jmh-results.md,
# with the load average before and after the run (the figures are only comparable within one run).
#
# Arguments replace the default settings and go to JMH as they are, e.g.
#   benchmarks/run.sh -f 3 -wi 5 -i 10 E2eHandshake     (one class, more forks and iterations)
#   benchmarks/run.sh -h                                 (JMH's options)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
target="$root/benchmarks/target"
(cd "$root" && mvn -B -q -DskipTests -pl benchmarks -am package)

if [[ $# -eq 0 ]]; then
  set -- -f 1 -wi 3 -w 2s -i 5 -r 2s
fi
before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
java -jar "$target/benchmarks.jar" -rf json -rff "$target/jmh-results.json" "$@"
after="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"

{
  echo "Load average (1, 5, 15 min) before the run: $before; after: $after; cores: $(nproc)."
  echo
  java -cp "$target/benchmarks.jar" org.anp.benchmarks.BenchmarkReport "$target/jmh-results.json"
} | tee "$target/jmh-results.md"
