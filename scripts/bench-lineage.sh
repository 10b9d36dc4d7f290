#!/usr/bin/env bash
# Lineage walks and registry queries (versions pages, latest, trainings, datasets, timeline) inside one JVM on the
# embedded store: 100k model versions with full lineage (README states the figures).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests package -pl roro-bench -am
java -Xmx2g -jar roro-bench/target/roro-bench.jar "${1:-100000}" "${2:-2000}"
