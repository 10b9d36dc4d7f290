#!/usr/bin/env bash
# How many resident roro JVMs a user ends up with, and their memory: `roro validate` in N project directories
# (a pre-commit hook over many projects), M more in one, M with a variable that changes every run (hyperfine's
# HYPERFINE_ITERATION), and through a symlink to the install. Run by hand, not as a test.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${N:-100}"
M="${M:-5}"
export RORO_HOME="${RORO_HOME:-$(mktemp -d)/home}"
./mvnw -q -B -DskipTests package -pl roro-cli -am
roro="$PWD/roro-cli/target/roro/bin/roro"
# this RORO_HOME's resident roro processes (other homes have daemons of their own)
pids() { for pid in $(pgrep -u "$(id -u)" -f "roro.jar daemon run"); do
  tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | grep -qx "RORO_HOME=$RORO_HOME" && echo "$pid"; done; true; }
daemons() { pids | wc -l; }
rss_mb() { local total=0; for pid in $(pids); do
  total=$(( total + $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") )); done; echo $(( total / 1024 )); }
"$roro" daemon stop >/dev/null || true
work=$(mktemp -d)
for i in $(seq 1 "$N"); do
  mkdir -p "$work/p$i" && cp -r examples/credit-risk/. "$work/p$i/"
  (cd "$work/p$i" && "$roro" validate >/dev/null)
done
sleep 3
echo "after validate in $N directories: $(daemons) resident roro JVMs, $(rss_mb) MB resident"
for i in $(seq 1 "$M"); do (cd "$work/p1" && "$roro" validate >/dev/null); done
echo "after $M more commands in one directory: $(daemons) resident roro JVMs, $(rss_mb) MB resident"
for i in $(seq 1 "$M"); do (cd "$work/p$i" && HYPERFINE_ITERATION=$i DOCKER_HOST="unix:///run/docker-$i.sock" \
  "$roro" validate >/dev/null); done
echo "after $M commands each with another environment: $(daemons) resident roro JVMs, $(rss_mb) MB resident"
ln -sfn "$PWD/roro-cli/target/roro" "$work/linked-install"
for i in $(seq 1 "$M"); do (cd "$work/p$i" && "$work/linked-install/bin/roro" validate >/dev/null); done
echo "after $M commands through a symlinked install: $(daemons) resident roro JVMs, $(rss_mb) MB resident"
for i in $(seq 1 "$M"); do (cd "$work/p$i" && RORO_JAVA_OPTS="-Dbench.run=$i" "$roro" validate >/dev/null)
  (cd "$work/p$i" && RORO_JAVA_OPTS="-Dbench.run=$i" "$roro" validate >/dev/null); done
sleep 8
echo "after two commands with each of $M JVM settings (RORO_JAVA_OPTS): $(daemons) resident roro JVMs" \
  "(RORO_DAEMON_MAX=${RORO_DAEMON_MAX:-3}), $(rss_mb) MB resident"
"$roro" daemon stop >/dev/null
