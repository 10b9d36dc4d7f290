#!/usr/bin/env bash
# Roro's Jenkins integration suite: it/jenkins/run.sh JENKINS_URL [SCENARIO ...]
#
# Runs Pipelines and page checks against a live Jenkins controller with the roro plugin installed, and prints one
# line per scenario, then "N passed, N failed" (exit 0 only when all passed). See it/jenkins/README.md for what
# the controller needs (a Docker engine and the roro CLI on the node that runs the builds) and what each scenario
# changes there: run it on a controller you can throw away, not on a production one.
#
# Environment: JENKINS_USER and JENKINS_TOKEN (an API token) when security is on; IT_LABEL, the label of the node
# with Docker and roro (default: built-in); IT_GIT_HOST, the address the controller reaches this machine's git
# daemon on (default 127.0.0.1: a controller on this machine); IT_RESTART, a command that restarts the controller
# (the restart scenario is skipped without it).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { echo "usage: it/jenkins/run.sh JENKINS_URL [SCENARIO ...]" >&2; exit 2; }
exec /usr/bin/python3 "$here/runner.py" "$@"
