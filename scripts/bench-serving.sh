#!/usr/bin/env bash
# Serving throughput and latency: roro's endpoint (nginx -> gunicorn workers) against a plain Flask server
# serving the same model version, in the same run, with wrk on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-15s}"
CONNECTIONS="${CONNECTIONS:-16}"
command -v wrk >/dev/null && command -v bc >/dev/null && /usr/bin/python3 -c 'import flask, sklearn' 2>/dev/null || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk bc python3-flask python3-sklearn >/dev/null; }
export RORO_HOME="${RORO_HOME:-$HOME/.roro}"
scripts/run-example.sh >/dev/null
roro="$PWD/roro-cli/target/roro/bin/roro"
# The example's service runs on profile `small` (limited to 1 CPU); Flask below runs unlimited on the host.
# For a like-for-like comparison the benchmark serves a copy whose profile sets no limits.
bench=$(mktemp -d)/credit-risk
cp -r examples/credit-risk "$bench"
rm -rf "$bench/data" "$bench/output"
sed -i 's/^    profile: small$/    profile: unlimited/' "$bench/roro.yml"
printf '  unlimited: {requests: {cpu: 500m, memory: 512Mi}}\n' >> "$bench/roro.yml"
cd "$bench"
"$roro" deploy >/dev/null
endpoint=$("$roro" ps --json | /usr/bin/python3 -c 'import json,sys; print([s["endpoint"] for s in json.load(sys.stdin)["services"] if s["service"]=="default"][0])')
version=$("$roro" ps --json | /usr/bin/python3 -c 'import json,sys; print([s["modelVersion"] for s in json.load(sys.stdin)["services"] if s["service"]=="default"][0])')
model_dir="$RORO_HOME/models/${version%%:*}/${version##*:}"

body='{"income": 52000, "debt_ratio": 0.31, "age": 40, "late_payments": 0, "loan_amount": 15000, "years_employed": 5}'
lua=$(mktemp --suffix=.lua)
cat > "$lua" <<LUA
wrk.method = "POST"
wrk.body = '$body'
wrk.headers["Content-Type"] = "application/json"
LUA

flask_port=18099
flask_app=$(mktemp --suffix=.py)
cat > "$flask_app" <<PY
import json, os, sys
sys.path.insert(0, "$PWD")
os.environ["RORO_MODEL_DIR"] = "$model_dir"
import predict
from flask import Flask, request, jsonify
predict.init()
app = Flask(__name__)
@app.post("/")
def serve():
    return jsonify(predict.predict(**request.get_json()))
app.run(host="127.0.0.1", port=$flask_port, threaded=True)
PY
/usr/bin/python3 "$flask_app" >/dev/null 2>&1 &
flask_pid=$!
trap 'kill $flask_pid 2>/dev/null; rm -f "$lua" "$flask_app"' EXIT
for _ in $(seq 1 50); do curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:$flask_port/" && break; sleep 0.2; done

run() { # name url
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$lua" "$2" > /tmp/wrk-$1.txt
  rps=$(awk '/Requests\/sec/ {print $2}' /tmp/wrk-$1.txt)
  p50=$(awk '$1=="50%" {print $2}' /tmp/wrk-$1.txt)
  p99=$(awk '$1=="99%" {print $2}' /tmp/wrk-$1.txt)
  errors=$(awk '/Non-2xx|Socket errors/ {print}' /tmp/wrk-$1.txt | tr '\n' ' ')
  printf '%-6s %10s req/s   p50 %8s   p99 %8s   %s\n' "$1" "$rps" "$p50" "$p99" "$errors"
}
echo "== wrk -t2 -c$CONNECTIONS -d$DURATION, POST / with one loan application, model $version"
run roro "$endpoint"
run flask "http://127.0.0.1:$flask_port/"

# `roro deploy` wall time against raw docker: scripts/bench-deploy.sh
