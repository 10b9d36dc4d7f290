#!/usr/bin/env bash
# Builds roro's images and pushes them to one registry: REGISTRY/roro-NAME:VERSION, VERSION being roro's (the
# pom's) - the names the shipped pod templates, Helm values, JCasC file and the Kubernetes target's defaults use
# (io.roro.core.platform.kubernetes.RoroImages; ControllerSetupTest compares them with --print).
#   scripts/build-images.sh REGISTRY             build all four, pushing each as soon as it is built
#   scripts/build-images.sh --no-push REGISTRY   build only
#   scripts/build-images.sh --skip runtime-gpu REGISTRY   leave an image out (repeatable; or SKIP="a b")
#   scripts/build-images.sh --print REGISTRY     print the four references, build nothing
# One image that cannot be built (a base that cannot be pulled) does not stop the others: the end says what was
# built, pushed, skipped and failed, and the exit status is 1 when anything failed.
# Bases (build arguments, override with the variables): RUNTIME_BASE (debian:bookworm-slim; the runtime installs
# its Debian packages on it), GPU_BASE (a CUDA runtime image, see agent-images/runtime-gpu), AGENT_BASE
# (jenkins/inbound-agent), CONTROLLER_BASE (jenkins/jenkins LTS). Needs docker, and for the controller the plugin
# built with `./mvnw -Pjenkins -pl roro-plugin -am package` (the Jenkins Maven repository must be reachable).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=push
skip=" ${SKIP:-} "
while [ $# -gt 1 ]; do
  case "$1" in
    --print) mode=print; shift ;;
    --no-push) mode=build; shift ;;
    --skip) skip="$skip $2 "; shift 2 ;;
    *) break ;;
  esac
done
[ $# -eq 1 ] || { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
registry="${1%/}"
case "$registry" in
  ""|*" "*|*://*) echo "build-images.sh: REGISTRY is a host and path such as registry.example.com/ml, not '$1'" >&2
    exit 2 ;;
esac
# the project version: the first <version> of the root pom is the project's own
version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -1)
ref() { echo "$registry/roro-$1:$version"; }
if [ "$mode" = print ]; then
  for name in agent runtime-python runtime-gpu controller; do ref "$name"; done
  exit 0
fi

# RORO_SKIP_PACKAGE: the distribution is there already, or not needed (the script's own test)
[ -d roro-cli/target/roro ] || [ -n "${RORO_SKIP_PACKAGE:-}" ] || ./mvnw -B -q package -DskipTests
built=() pushed=() skipped=() failed=()
build() {  # NAME DOCKERFILE CONTEXT BUILD-ARGS...: built and pushed on its own; a failure is noted, not fatal
  local name="$1" file="$2" context="$3"; shift 3
  if [[ "$skip" == *" $name "* ]]; then skipped+=("$name (--skip)"); return 0; fi
  echo "building $(ref "$name")" >&2
  if ! docker build -q -f "$file" --build-arg RORO_VERSION="$version" "$@" -t "$(ref "$name")" "$context" >/dev/null; then
    echo "build-images.sh: $(ref "$name") could not be built (see above); going on with the others" >&2
    failed+=("$name (build)"); return 0
  fi
  built+=("$name")
  if [ "$mode" = push ]; then
    if docker push "$(ref "$name")" >/dev/null; then pushed+=("$name"); else failed+=("$name (push)"); fi
  fi
}
build runtime-python agent-images/runtime-python/Dockerfile agent-images/runtime-python \
  --build-arg BASE="${RUNTIME_BASE:-debian:bookworm-slim}"
build runtime-gpu agent-images/runtime-gpu/Dockerfile agent-images \
  --build-arg BASE="${GPU_BASE:-nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04}"
build agent agent-images/agent/Dockerfile . --build-arg BASE="${AGENT_BASE:-jenkins/inbound-agent:latest-jdk21}"
if [ -f roro-plugin/target/roro-pipeline.hpi ]; then
  build controller agent-images/controller/Dockerfile . \
    --build-arg BASE="${CONTROLLER_BASE:-jenkins/jenkins:2.541.3-lts-jdk21}"
else
  skipped+=("controller (no roro-plugin/target/roro-pipeline.hpi: ./mvnw -Pjenkins -pl roro-plugin -am package)")
fi
list() { local IFS=,; echo "${*:-none}"; }
echo "built: $(list "${built[@]}")" >&2
[ "$mode" = push ] && echo "pushed: $(list "${pushed[@]}")" >&2
echo "skipped: $(list "${skipped[@]}")" >&2
echo "failed: $(list "${failed[@]}")" >&2
[ ${#failed[@]} -eq 0 ]
