#!/usr/bin/env bash
# Builds benchmarks/target/benchmarks.jar and runs the relay rows of issue 6 (about 4 minutes on
# 2 cores): relay vs bare forwarding hop, throughput with 64 frames in flight and ping-pong
# latency (JMH, one fork, 3 warm-up and 5 measured iterations of 2 s per target), then 10,000 idle
# registered connections against a relay in a child JVM with -Xmx512m. Prints the table of
# the relay table of docs/benchmarks.md with the load average before and after; the whole output also goes to
# benchmarks/target/relay-results.md.
#
# Options go to org.anp.benchmarks.relay.RelayBenchmarks, e.g.
#   benchmarks/run-relay.sh --connections 2000 --iterations 3
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
target="$root/benchmarks/target"
(cd "$root" && mvn -B -q -DskipTests -pl benchmarks -am package)

# 10,000 connections need as many descriptors in each of the two JVMs.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [[ "$(ulimit -n)" != unlimited && "$(ulimit -n)" -lt 10500 ]]; then
  echo "warning: only $(ulimit -n) file descriptors; pass a smaller --connections" >&2
fi

before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
java -cp "$target/benchmarks.jar" org.anp.benchmarks.relay.RelayBenchmarks "$@" | tee "$target/relay-results.md"
after="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo "Load average (1, 5, 15 min) before the run: $before; after: $after; cores: $(nproc); $(java -version 2>&1 | head -1)." \
  | tee -a "$target/relay-results.md"
