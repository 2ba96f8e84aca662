#!/usr/bin/env bash
# Builds benchmarks/target/benchmarks.jar and runs the JMH benchmarks with modest settings
# (one fork, 2 warm-up and 3 measured iterations of 2 s each). Arguments, if any, replace those
# settings and go to JMH as they are, e.g. `benchmarks/run.sh -f 3 -i 10 EcdsaP256` or `-h`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
(cd "$root" && mvn -B -q -DskipTests -pl benchmarks -am package)

if [[ $# -eq 0 ]]; then
  set -- -f 1 -wi 2 -i 3 -w 2s -r 2s
fi
exec java -jar "$root/benchmarks/target/benchmarks.jar" "$@"
