#!/usr/bin/env bash
# Makes a Docker engine and roro's base image available on a fresh Debian machine (no registry is reachable:
# the base image is built locally with debootstrap and imported). Idempotent; safe to run again.
set -euo pipefail
BASE_IMAGE="${RORO_BASE_IMAGE:-roro/debian-python:bookworm-5}"
# The runtime's Debian packages, as its Dockerfile lists them (one list for the local base and a registry build).
PACKAGES=$(sed -n 's/^ARG RUNTIME_PACKAGES="\(.*\)"$/\1/p' "$(dirname "$0")/../agent-images/runtime-python/Dockerfile")
[ -n "$PACKAGES" ] || { echo "no ARG RUNTIME_PACKAGES in agent-images/runtime-python/Dockerfile" >&2; exit 1; }

need() { command -v "$1" >/dev/null 2>&1; }
# The first main Debian archive URI of this machine's apt configuration (not -security, not -updates).
debian_mirror() {
  local uris
  uris=$({ cat /etc/apt/sources.list.d/*.sources 2>/dev/null | sed -n 's/^URIs:[[:space:]]*//p' | tr ' ' '\n'
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
      | awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; break } }'
  } || true)
  uris=$(printf '%s\n' "$uris" | grep -E '/debian/?$' || true)
  [ -n "$uris" ] && printf '%s\n' "${uris%%$'\n'*}"
}
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
need dockerd || missing+=(docker.io)
need debootstrap || missing+=(debootstrap)
need curl || missing+=(curl)
[ -x /usr/bin/python3 ] || missing+=(python3)   # the example's data generator and the scripts' JSON reading
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  echo "starting dockerd" >&2
  as_root sh -c 'nohup dockerd --storage-driver=overlay2 --bridge=none --iptables=false --ip-forward=false \
      >/var/log/roro-dockerd.log 2>&1 &'
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { echo "dockerd did not start; see /var/log/roro-dockerd.log" >&2; exit 1; }
fi

if ! docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  echo "building base image $BASE_IMAGE with debootstrap (a few minutes)" >&2
  root=$(mktemp -d /tmp/roro-rootfs.XXXXXX)
  # debootstrap's own resolver cannot follow virtual packages (python3-zmq needs python3-cffi-backend-api-*),
  # so it lays down python3 only and apt inside the new root installs the rest.
  # The mirror is the one this machine's apt already uses (deb822 .sources or a classic sources.list line).
  mirror=$(debian_mirror) || { echo "no Debian mirror found in /etc/apt/sources.list*" >&2; exit 1; }
  as_root debootstrap --variant=minbase --include=python3 bookworm "$root" "$mirror" \
      >/tmp/roro-debootstrap.log 2>&1 || { tail -20 /tmp/roro-debootstrap.log >&2; exit 1; }
  as_root chroot "$root" sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends $PACKAGES" >>/tmp/roro-debootstrap.log 2>&1 || { tail -20 /tmp/roro-debootstrap.log >&2; exit 1; }
  as_root chroot "$root" apt-get clean
  as_root rm -rf "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/*
  as_root tar -C "$root" -c . | docker import -c 'ENV LANG=C.UTF-8' - "$BASE_IMAGE" >/dev/null
  as_root rm -rf "$root"
fi
echo "docker ready; base image $BASE_IMAGE" >&2
