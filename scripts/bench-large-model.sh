#!/usr/bin/env bash
# A large model version end to end on the embedded store: publish SIZE_MB of random bytes, fetch it back, serve it
# (the service's init() reads the whole file and checks its size), with the wall time and peak memory of each
# command's JVM and of the store server. Bounded memory means the peaks do not grow with SIZE_MB. Beside them, the
# floors of this machine for the same file: `sha256sum` (reading and hashing it) and `cp` (reading and writing it),
# each as MB/s, and roro's steps as ratios to them (publish hashes and writes: its floor is sha256sum + cp).
# Then a small publish (20 KB) through the launcher (client JIT; it hands only transfers over 64 MB to a full-JIT
# JVM) against the same with the full JIT from the start, SMALL_PAIRS (15) interleaved pairs: short commands must
# not pay for what large transfers need.
#   scripts/bench-large-model.sh 200     scripts/bench-large-model.sh 2048
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB="${1:-200}"
command -v /usr/bin/time >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
[ -n "${BENCH_NO_BUILD:-}" ] || ./mvnw -q -B -DskipTests package -pl roro-cli -am
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
  sync; /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/log" 2>&1 || { cat "$work/log"; exit 1; }
  read -r seconds kb < "$work/time"
  eval "s_$what=$seconds"
  awk -v w="$what" -v s="$seconds" -v kb="$kb" -v mb="$SIZE_MB" \
      'BEGIN { printf "%-9s %6.1f s  %7.0f MB/s   peak RSS %5d MB\n", w, s, mb / (s > 0 ? s : 0.01), kb / 1024 }'; }
measure sha256sum sha256sum "$work/out/model.bin"
measure cp cp "$work/out/model.bin" "$work/copy.bin"
rm -f "$work/copy.bin"
cd "$project"
measure publish "$roro" publish --model big-model --path "$work/out"
measure fetch "$roro" versions fetch big-model:v1 --to "$work/back"
awk -v p="$s_publish" -v f="$s_fetch" -v h="$s_sha256sum" -v c="$s_cp" 'BEGIN {
  printf "publish / (sha256sum + cp) %.2fx, fetch / (sha256sum + cp) %.2fx\n", p / (h + c), f / (h + c) }'
cmp -s "$work/out/model.bin" "$work/back/model.bin" && echo "fetched copy is identical ($SIZE_MB MB)"
measure serve "$roro" serve default
# the version is held, verified, unchanged: served again, nothing is fetched or hashed
measure serve_again "$roro" serve default
endpoint=$("$roro" ps --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["services"][0]["endpoint"])')
echo "service answers: $(curl -s -X POST -d '{}' "$endpoint")   (expected bytes: $(( SIZE_MB * 1024 * 1024 )))"
server=$(pgrep -f "StoreServer $RORO_HOME" | head -1 || true)
[ -n "$server" ] && echo "store server peak RSS $(( $(awk '/VmHWM/ {print $2}' /proc/$server/status) / 1024 )) MB"
"$roro" stop default >/dev/null

# a small publish: the launcher's client-JIT start against the full JIT from the start (the flag given last wins)
head -c 20480 /dev/urandom > "$work/out/model.bin"
: > "$work/small"
for pair in $(seq "${SMALL_PAIRS:-15}"); do
  for side in client full; do
    opts=""; [ "$side" = client ] || opts="-XX:TieredStopAtLevel=4"
    start=$(date +%s%N)
    RORO_JAVA_OPTS="$opts" "$roro" publish --model big-model --path "$work/out" --version "small-$side-$pair" >/dev/null
    echo "$side $(( ($(date +%s%N) - start) / 1000000 ))" >> "$work/small"
  done
done
/usr/bin/python3 - "$work/small" <<'PY'
import statistics, sys
ms = {}
for line in open(sys.argv[1]):
    side, value = line.split()
    ms.setdefault(side, []).append(int(value))
client, full = statistics.median(ms["client"]), statistics.median(ms["full"])
print(f"small publish (20 KB), median of {len(ms['client'])} pairs: launcher (client JIT) {client:.0f} ms,"
      f" full JIT from the start {full:.0f} ms ({client / full:.2f}x)")
PY
