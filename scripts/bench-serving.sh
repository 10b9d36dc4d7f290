#!/usr/bin/env bash
# Serving throughput and latency: roro's endpoint (nginx router -> gunicorn asyncio workers, batching) against
# FastAPI + uvicorn (uvloop + httptools, what `uvicorn[standard]` users get), gunicorn + Flask, both with the same
# worker count, and Flask's own server, all serving the same model version with the example's predict.predict, in
# one run, interleaved, with wrk on 127.0.0.1 at 1, 16 and 64 connections. Beside them a floor, not a peer: a bare
# aiohttp handler answering a constant (gunicorn, 2 uvloop workers, no model), against which roro's rate with the
# model is given as a share (the issue's moonshot: at least half).
# Every response is checked: wrk's non-2xx and socket errors are printed, and any makes the script fail.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-15s}"
CONNECTIONS="${CONNECTIONS:-1 16 64}"
ROUNDS="${ROUNDS:-2}"
command -v wrk >/dev/null && [ -x /usr/bin/gunicorn ] \
    && /usr/bin/python3 -c 'import flask, sklearn, fastapi, uvicorn, uvloop, httptools, aiohttp' 2>/dev/null || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk gunicorn python3-flask \
      python3-sklearn python3-fastapi python3-uvicorn python3-uvloop python3-httptools python3-aiohttp >/dev/null; }
export RORO_HOME="${RORO_HOME:-$HOME/.roro}"
scripts/run-example.sh >/dev/null
roro="$PWD/roro-cli/target/roro/bin/roro"
runtime="$PWD/agent-images/runtime-python"   # roro_runtime, which the example's predict.py imports (BadInput)
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
gunicorn_port=18098
fastapi_port=18097
constant_port=18096
for port in $flask_port $gunicorn_port $fastapi_port $constant_port; do
  ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "port $port is taken (an earlier run?)" >&2; exit 1; }
done
flask_app_dir=$(mktemp -d)
cat > "$flask_app_dir/flask_app.py" <<PY
import os, sys
sys.path[:0] = ["$PWD", "$runtime"]
os.environ["RORO_MODEL_DIR"] = "$model_dir"
import predict
from flask import Flask, request, jsonify
predict.init()
app = Flask(__name__)
@app.post("/")
def serve():
    return jsonify(predict.predict(**request.get_json()))
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=$flask_port, threaded=True)
PY
cat > "$flask_app_dir/fastapi_app.py" <<PY
import os, sys
sys.path[:0] = ["$PWD", "$runtime"]
os.environ["RORO_MODEL_DIR"] = "$model_dir"
import predict
from fastapi import FastAPI, Request
predict.init()
app = FastAPI()
@app.post("/")
async def serve(request: Request):
    return predict.predict(**(await request.json()))
PY
cat > "$flask_app_dir/constant_app.py" <<PY
from aiohttp import web
ANSWER = b'{"default_probability": 0.1, "approved": true}'
async def serve(request):
    await request.read()
    return web.Response(body=ANSWER, content_type="application/json")
app = web.Application()
app.router.add_post("/", serve)
PY
# started directly (no subshell), so that the trap below stops the servers themselves and no port stays taken
/usr/bin/python3 "$flask_app_dir/flask_app.py" >/dev/null 2>&1 &
flask_pid=$!
/usr/bin/gunicorn --chdir "$flask_app_dir" -w 2 -b "127.0.0.1:$gunicorn_port" flask_app:app >/dev/null 2>&1 &
gunicorn_pid=$!
/usr/bin/python3 -m uvicorn --app-dir "$flask_app_dir" fastapi_app:app --host 127.0.0.1 --port "$fastapi_port" \
    --workers 2 --loop uvloop --http httptools --no-access-log --log-level warning >/dev/null 2>&1 &
fastapi_pid=$!
/usr/bin/gunicorn --chdir "$flask_app_dir" -w 2 -k aiohttp.GunicornUVLoopWebWorker -b "127.0.0.1:$constant_port" \
    constant_app:app >/dev/null 2>&1 &
constant_pid=$!
trap 'kill $flask_pid $gunicorn_pid $fastapi_pid $constant_pid 2>/dev/null; rm -rf "$lua" "$flask_app_dir"' EXIT
for port in $flask_port $gunicorn_port $fastapi_port $constant_port; do
  for _ in $(seq 1 50); do curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d "$body" \
      "http://127.0.0.1:$port/" && break; sleep 0.2; done
done

failed=0
run() { # name url connections
  local threads=2; [ "$3" -lt 2 ] && threads=1
  wrk -t"$threads" -c"$3" -d"$DURATION" --latency -s "$lua" "$2" > "/tmp/wrk-$1.txt"
  rps=$(awk '/Requests\/sec/ {print $2}' "/tmp/wrk-$1.txt")
  p50=$(awk '$1=="50%" {print $2}' "/tmp/wrk-$1.txt")
  p99=$(awk '$1=="99%" {print $2}' "/tmp/wrk-$1.txt")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' "/tmp/wrk-$1.txt" | tr '\n' ' ')
  [ -z "$errors" ] || failed=1
  printf '  %-15s %10s req/s   p50 %8s   p99 %8s   %s\n' "$1" "$rps" "$p50" "$p99" "$errors"
  eval "rps_${1//[^a-z]/_}=$rps"
}
router=$(docker ps -q --filter label=io.roro.role=router --filter label=io.roro.project=credit-risk | head -1)
started=$(date +%s)
echo "== wrk -d$DURATION, POST / with one loan application, model $version, $ROUNDS interleaved rounds"
for round in $(seq 1 "$ROUNDS"); do
  for c in $CONNECTIONS; do
    echo "round $round, $c connection(s):"
    run roro "$endpoint" "$c"
    run fastapi-uvicorn "http://127.0.0.1:$fastapi_port/" "$c"
    run gunicorn-flask "http://127.0.0.1:$gunicorn_port/" "$c"
    run flask "http://127.0.0.1:$flask_port/" "$c"
    run aiohttp-constant "http://127.0.0.1:$constant_port/" "$c"
    awk -v a="$rps_roro" -v u="$rps_fastapi_uvicorn" -v b="$rps_gunicorn_flask" -v f="$rps_flask" \
        -v k="$rps_aiohttp_constant" 'BEGIN { printf "  roro / FastAPI+uvicorn %.2fx, roro / gunicorn+Flask %.2fx,'\
' roro / Flask %.2fx; roro with the model / a constant aiohttp handler %.0f%%\n", a / u, a / b, a / f, 100 * a / k }'
  done
done
refused=$(docker logs --since "$started" "$router" 2>&1 | grep -c 'connect() failed' || true)
echo "router: $refused connections to a slot without a backend during the run ($(( $(date +%s) - started )) s)"
[ "$failed" -eq 0 ] || { echo "some responses were not 2xx (see above)" >&2; exit 1; }

# `roro deploy` wall time against raw docker: scripts/bench-deploy.sh
