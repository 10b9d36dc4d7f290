#!/usr/bin/env bash
# Registry and lineage commands at scale, as a user runs them: `roro versions` (first and later pages, a filter),
# models, datasets, ps, timeline and "live at T", against `roro lineage` on the same store, at 1k, 10k and 100k model
# versions (a training per version, a dataset per 10, 500 services deployed 3 times each). Every figure
# is the median of ROUNDS interleaved rounds with a fresh JVM per command, then of RESIDENT_ROUNDS (3 x ROUNDS) through
# the resident roro.
# Run by hand, not as a test: SIZES="1000 10000 100000" ROUNDS=7 scripts/bench-registry.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES="${SIZES:-1000 10000 100000}"
ROUNDS="${ROUNDS:-7}"
./mvnw -q -B ${MVN_OFFLINE:+-o} -DskipTests package -pl roro-cli,roro-bench -am
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for n in $SIZES; do
  mkdir -p "$work/home-$n" && chmod 700 "$work/home-$n"
  java -Xmx3g -cp roro-bench/target/roro-bench.jar io.roro.bench.BenchStore "$n" "$work/home-$n/lineage.mv"
done
python3 scripts/lib/bench_commands.py "$PWD/roro-cli/target/roro/bin/roro" "$work" "$ROUNDS" $SIZES
