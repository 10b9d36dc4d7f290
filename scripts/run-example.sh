#!/usr/bin/env bash
# The main job on embedded defaults: build roro, then run the example project through it.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests package
roro=roro-cli/target/roro/bin/roro
example=examples/credit-risk
echo "== roro validate $example"
"$roro" validate "$example" && echo "valid"
echo "== roro schedule $example"
"$roro" schedule "$example"
