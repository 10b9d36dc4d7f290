#!/usr/bin/env bash
# `roro ui` page speed at scale: every page and API answer over a store of N model versions (BenchStore: a training
# per version, a dataset per 10, 500 services deployed 3 times each), p50/p99 per page over ROUNDS interleaved
# rounds after a warm-up, against the 200 ms p99 issue 18 sets. Run by hand, not as a test:
# SIZES="10000 100000" ROUNDS=50 scripts/bench-ui.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES="${SIZES:-100000}"
ROUNDS="${ROUNDS:-50}"
./mvnw -q -B -DskipTests package -pl roro-bench -am
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for n in $SIZES; do
  java -Xmx3g -cp roro-bench/target/roro-bench.jar io.roro.bench.BenchStore "$n" "$work/lineage-$n.mv"
  java -Xmx2g -cp roro-bench/target/roro-bench.jar io.roro.bench.UiPagesBenchmark "$work/lineage-$n.mv" "$n" "$ROUNDS"
done
