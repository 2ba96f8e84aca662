#!/usr/bin/env bash
# Builds benchmarks/target/benchmarks.jar and runs the layer-3 benchmarks (issue 15; classes in
# org.anp.benchmarks.application): one fork, 3 warm-up and 5 measured iterations of 2 s per body
# (about 5 minutes on 2 cores), then the whole-JVM CPU cross-check (ProcessCpuCheck, about 2
# minutes). JMH's JSON goes to benchmarks/target/l3-results.json; the ratio table
# (ApplicationReport), the cross-check and the load average go to standard output and
# benchmarks/target/l3-results.md.
#
# Arguments replace the default JMH settings and pattern, e.g.
#   benchmarks/run-application.sh -f 1 -wi 5 -i 10 'application.CallBenchmark'
# JMH_JAVA_OPTS goes to the JMH launcher's JVM, e.g. JMH_JAVA_OPTS=-Djmh.ignoreLock=true when another
# JMH run on the machine holds JMH's lock (both runs then share the CPUs).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
target="$root/benchmarks/target"
(cd "$root" && mvn -B -q -DskipTests -pl benchmarks -am package)

if [[ $# -eq 0 ]]; then
  set -- -f 1 -wi 3 -w 2s -i 5 -r 2s '^org\.anp\.benchmarks\.application\.'
fi
before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
java ${JMH_JAVA_OPTS:-} -jar "$target/benchmarks.jar" -rf json -rff "$target/l3-results.json" "$@"
after="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"

{
  echo "JMH: load average (1, 5, 15 min) before the run: $before; after: $after; cores: $(nproc)."
  echo
  java -cp "$target/benchmarks.jar" org.anp.benchmarks.application.ApplicationReport "$target/l3-results.json"
  echo
  echo "Whole-JVM CPU per operation (best third of the batches, pooled), load before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)."
  echo
  java -cp "$target/benchmarks.jar" org.anp.benchmarks.application.ProcessCpuCheck 2>/dev/null
} | tee "$target/l3-results.md"
