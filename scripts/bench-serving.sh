#!/usr/bin/env bash
# Serving throughput and latency: roro's endpoint (nginx -> gunicorn workers) against a plain Flask server
# serving the same model version, in the same run, with wrk on 127.0.0.1. Then the wall time of `roro deploy`
# against the same work done by hand (docker build + docker run + wait for /health).
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

echo "== deploy wall time (code changed each time, so the image is rebuilt)"
echo "# bench $(date +%s%N)" >> predict.py
start=$(date +%s.%N); "$roro" deploy >/dev/null; end=$(date +%s.%N)
roro_s=$(echo "$end - $start" | bc)
runtime=$(docker images --format '{{.Repository}}:{{.Tag}}' roro/runtime-python | head -1)
echo "# bench $(date +%s%N)" >> predict.py
printf 'FROM %s\nUSER root\nCOPY . /app/\nRUN chmod -R a+rX /app\nUSER roro\nWORKDIR /app\n' "$runtime" > /tmp/raw.Dockerfile
port=18098
start=$(date +%s.%N)
docker build -q -f /tmp/raw.Dockerfile -t roro-bench/raw:latest . >/dev/null 2>&1
docker run -d --name roro-bench-raw --network host -v "$model_dir:/model:ro" -e RORO_FUNCTION=predict.predict \
  -e RORO_BIND=127.0.0.1:$port roro-bench/raw:latest gunicorn -c /opt/roro/roro_runtime/gunicorn_conf.py roro_runtime.serve:app >/dev/null 2>&1
until curl -sf -o /dev/null "http://127.0.0.1:$port/health"; do sleep 0.1; done
end=$(date +%s.%N)
raw_s=$(echo "$end - $start" | bc)
docker rm -f roro-bench-raw >/dev/null 2>&1
printf 'roro deploy %.2f s   raw docker build+run+health %.2f s   ratio %.2f\n' "$roro_s" "$raw_s" "$(echo "$roro_s / $raw_s" | bc -l)"
