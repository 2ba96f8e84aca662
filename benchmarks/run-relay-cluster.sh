#!/usr/bin/env bash
# Builds benchmarks/target/benchmarks.jar and runs the relay cluster rows of issue 16 (about 2
# minutes on 2 cores): 1 KiB E2E messages with 64 in flight through the single in-memory relay
# and through a two-node relay cluster on a real nats-server (JetStream, file storage in a
# temporary directory), sender and receiver on the same node and on different nodes. Needs
# nats-server (Debian package nats-server, or $ANP_NATS_SERVER). Prints the table of the relay
# cluster section of docs/benchmarks.md with the load average before and after; the whole output
# also goes to benchmarks/target/relay-cluster-results.md.
#
# Options go to org.anp.benchmarks.relay.RelayClusterBenchmarks, e.g.
#   benchmarks/run-relay-cluster.sh --iterations 3
# On a machine whose load changes within minutes, measure the targets interleaved instead (all
# rigs up at once, 2 s slices in rotating order, ratio per round, median over the rounds):
#   benchmarks/run-relay-cluster.sh --warmups 2 --rounds 8
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
target="$root/benchmarks/target"
(cd "$root" && mvn -B -q -DskipTests -pl benchmarks -am package)

before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
java -cp "$target/benchmarks.jar" org.anp.benchmarks.relay.RelayClusterBenchmarks "$@" \
  | tee "$target/relay-cluster-results.md"
after="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo "Load average (1, 5, 15 min) before the run: $before; after: $after; cores: $(nproc); $(java -version 2>&1 | head -1)." \
  | tee -a "$target/relay-cluster-results.md"
