#!/usr/bin/env bash
# A large model version end to end on the embedded store: publish SIZE_MB of random bytes, fetch it back, serve it
# (the service's init() reads the whole file and checks its size), with the wall time and peak memory of each
# command's JVM and of the store server. Bounded memory means the peaks do not grow with SIZE_MB.
#   scripts/bench-large-model.sh 200     scripts/bench-large-model.sh 2048
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB="${1:-200}"
command -v /usr/bin/time >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
./mvnw -q -B -DskipTests package -pl roro-cli -am
roro="$PWD/roro-cli/target/roro/bin/roro"
export RORO_HOME="${RORO_HOME:-$(mktemp -d)/home}" RORO_NO_DAEMON=1   # each command in a JVM of its own, measured
work=$(mktemp -d)
project="$work/big"
mkdir -p "$project" "$work/out" "$work/back"
cat > "$project/roro.yml" <<YML
project: big
services:
  - name: default
    function: app.size
    model: big-model
    health: {path: /health, start_period_s: 120}
models:
  - name: big-model
    files: [{name: model.bin, required: true, max_mb: $(( SIZE_MB + 1 ))}]
YML
cat > "$project/app.py" <<'PY'
import os
SIZE = None
def init():
    global SIZE
    with open(os.path.join(os.environ["RORO_MODEL_DIR"], "model.bin"), "rb") as f:
        SIZE = sum(len(block) for block in iter(lambda: f.read(1 << 20), b""))
def size():
    return {"bytes": SIZE}
PY
head -c "$(( SIZE_MB * 1024 * 1024 ))" /dev/urandom > "$work/out/model.bin"
measure() { local what=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/log" 2>&1 || { cat "$work/log"; exit 1; }
  read -r seconds kb < "$work/time"
  printf '%-8s %6.1f s   peak RSS %5d MB\n' "$what" "$seconds" $(( kb / 1024 )); }
cd "$project"
measure publish "$roro" publish --model big-model --path "$work/out"
measure fetch "$roro" versions fetch big-model:v1 --to "$work/back"
cmp -s "$work/out/model.bin" "$work/back/model.bin" && echo "fetched copy is identical ($SIZE_MB MB)"
measure serve "$roro" serve default
endpoint=$("$roro" ps --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["services"][0]["endpoint"])')
echo "service answers: $(curl -s -X POST -d '{}' "$endpoint")   (expected bytes: $(( SIZE_MB * 1024 * 1024 )))"
server=$(pgrep -f "StoreServer $RORO_HOME" | head -1 || true)
[ -n "$server" ] && echo "store server peak RSS $(( $(awk '/VmHWM/ {print $2}' /proc/$server/status) / 1024 )) MB"
"$roro" stop default >/dev/null
