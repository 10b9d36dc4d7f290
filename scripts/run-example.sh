#!/usr/bin/env bash
# The main job on embedded defaults, end to end on this machine: a Docker engine (started if needed), the embedded
# lineage store (~/.roro), the example project: publish its data set, deploy, train, serve, predict, show lineage.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-docker.sh
./mvnw -q -B -DskipTests package
roro="$PWD/roro-cli/target/roro/bin/roro"
cd examples/credit-risk

echo "== roro validate && roro schedule"
"$roro" validate . && "$roro" schedule . --count 3
echo "== the data set (synthetic loan applications) as credit-model:credit-data"
/usr/bin/python3 generate_data.py data/credit.csv >/dev/null
"$roro" datasets publish --model credit-model --name credit-data --path data
echo "== roro deploy"
"$roro" deploy || true   # the first deploy has no model version to serve yet
echo "== roro train retrain"
"$roro" train retrain --param n_estimators=80
echo "== roro serve default"
"$roro" serve default
endpoint=$("$roro" ps --json | /usr/bin/python3 -c 'import json,sys; print([s["endpoint"] for s in json.load(sys.stdin)["services"] if s["service"]=="default"][0])')
echo "== POST $endpoint"
curl -sS -i -X POST "$endpoint" -H 'Content-Type: application/json' \
  -d '{"income": 52000, "debt_ratio": 0.31, "age": 40, "late_payments": 0, "loan_amount": 15000, "years_employed": 5}'
echo
echo "== roro lineage deployment/default"
"$roro" lineage deployment/default
