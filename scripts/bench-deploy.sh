#!/usr/bin/env bash
# `roro deploy` wall time against the same work done by hand, on the example project, in the same run:
#   roro: roro deploy after a code change (build, start beside the old backend, health wait, switch, lineage)
#   raw:  docker build of the same Dockerfile and context + docker run with the same flags + wait for /health
# Runs alternate in pairs (RUNS of each, the order switching from pair to pair, a pause between them so the
# previous backend has drained) and medians are reported. The first deploy of a new environment/directory starts the roro daemon and is reported on its own.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-21}"   # the health wait varies by +-200 ms between runs here: fewer pairs decide little
export RORO_HOME="${RORO_HOME:-$HOME/.roro}"
scripts/run-example.sh >/dev/null
roro="$PWD/roro-cli/target/roro/bin/roro"
ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

bench=$(mktemp -d)/credit-risk
cp -r examples/credit-risk "$bench"
rm -rf "$bench/data" "$bench/output"
cd "$bench"
change() { echo "# bench $(date +%s%N)" >> predict.py; }

change; start=$(ms); "$roro" deploy >/dev/null; cold=$(( $(ms) - start ))
sleep 3; change; "$roro" deploy >/dev/null; sleep 3

# the raw side builds roro's own Dockerfile and context and runs the backend with the same flags
scope=$(printf %s "$(realpath -ms "$RORO_HOME")" | sha256sum | cut -c1-8)   # this home's containers (Backends.scope)
backend=$(docker ps --filter label=io.roro.project=credit-risk --filter label=io.roro.role=backend \
  --filter "label=io.roro.home=$scope" --format '{{.Names}}' | head -1)
read -r nano memory shares reservation < <(docker inspect -f '{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}} {{.HostConfig.CpuShares}} {{.HostConfig.MemoryReservation}}' "$backend")
model_dir=$(docker inspect -f '{{range .Mounts}}{{if eq .Destination "/model"}}{{.Source}}{{end}}{{end}}' "$backend")
runtime=$(docker images --format '{{.Repository}}:{{.Tag}}' roro/runtime-python | head -1)
context=$(mktemp -d)
"$roro" build-context -C . --to "$context" --runtime-image "$runtime" >/dev/null
flags=(--network host -e HOME=/tmp -e PORT=18098 -e RORO_BIND=127.0.0.1:18098 -e RORO_FUNCTION=predict.predict
  -e RORO_MODEL_VERSION=bench -v "$model_dir:/model:ro")
[ "$nano" != 0 ] && flags+=(--cpus "$(echo "scale=3; $nano / 1000000000" | bc)")
[ "$shares" != 0 ] && flags+=(--cpu-shares "$shares")
[ "$memory" != 0 ] && flags+=(--memory "$memory")
[ "$reservation" != 0 ] && flags+=(--memory-reservation "$reservation")

docker rm -f roro-bench-raw >/dev/null 2>&1 || true   # what an interrupted run left
! (exec 3<>/dev/tcp/127.0.0.1/18098) 2>/dev/null || { echo "port 18098 is taken (an earlier run?)" >&2; exit 1; }
trap 'docker rm -f roro-bench-raw >/dev/null 2>&1 || true' EXIT
roro_times=(); raw_times=()
deploy_roro() {
  change
  local start; start=$(ms); "$roro" deploy >/dev/null; roro_times+=($(( $(ms) - start )))
}
deploy_raw() {
  change; cp predict.py "$context/predict.py"
  local start; start=$(ms)
  docker build -q -f "$context/.roro.Dockerfile" -t roro-bench/raw:latest "$context" >/dev/null
  docker run -d --name roro-bench-raw "${flags[@]}" roro-bench/raw:latest \
    gunicorn -c /opt/roro/roro_runtime/gunicorn_conf.py roro_runtime.serve:app >/dev/null
  until curl -sf -o /dev/null http://127.0.0.1:18098/health; do sleep 0.05; done
  raw_times+=($(( $(ms) - start )))
  docker rm -f roro-bench-raw >/dev/null
}
# pairs in alternating order (roro first, then raw first): what one side leaves behind (the old backend roro
# drains, the container the raw side removes) falls on each side equally often
for i in $(seq 1 "$RUNS"); do
  if [ $((i % 2)) -eq 1 ]; then deploy_roro; sleep 3; deploy_raw; else deploy_raw; sleep 3; deploy_roro; fi
  sleep 3
done
roro_median=$(printf '%s\n' "${roro_times[@]}" | median)
raw_median=$(printf '%s\n' "${raw_times[@]}" | median)
echo "roro deploy ms: ${roro_times[*]}"
echo "raw         ms: ${raw_times[*]}"
# each roro deploy against the raw run beside it: the machine's drift between pairs does not count
ratios=$(for i in "${!roro_times[@]}"; do echo "${roro_times[$i]} ${raw_times[$i]}"; done \
  | awk '{printf "%.4f\n", $1 / $2}')
pair_median=$(echo "$ratios" | median)
quartiles=$(echo "$ratios" | sort -n | awk '{a[NR]=$1} END {printf "%.2f-%.2f", a[int((NR+3)/4)], a[int((3*NR+1)/4)]}')
printf 'median: roro deploy %d ms, raw docker build+run+health %d ms, ratio %.2f; median of the %d paired ratios %.2f (middle half %s) (first deploy, daemon starting: %d ms)\n' \
  "$roro_median" "$raw_median" "$(echo "$roro_median / $raw_median" | bc -l)" "$RUNS" "$pair_median" "$quartiles" "$cold"
