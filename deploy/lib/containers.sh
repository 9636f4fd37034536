# Containers on a machine without a Docker engine: Debian's podman, driven by Debian's
# docker-compose through podman's Docker-compatible socket (deploy/compose-test,
# docs/operations.md). Sourced by the scripts that need it, after common.sh.
#
# Everything podman is told lives in this checkout's .local/compose: its containers.conf
# (runc as the runtime, as crun refuses hybrid cgroups; container limits a process here may
# set; no systemd), and the socket. The machine's own configuration is not touched.

CONTAINERS_DIR="$ROOT/.local/compose"
PODMAN_SOCKET="$CONTAINERS_DIR/podman.sock"
export CONTAINERS_CONF="$CONTAINERS_DIR/containers.conf"
export DOCKER_HOST="unix://$PODMAN_SOCKET"
# The base every image here starts from: pulled where a registry answers, else made.
BASE_IMAGE=docker.io/library/debian:bookworm-slim

ensure_container_tools() {
  ensure_package podman "the compose stack runs in podman's containers"
  ensure_package runc "podman's runtime here (crun refuses hybrid cgroups)"
  ensure_package debootstrap "the base image is made from Debian's packages when no registry answers"
  ensure_package docker-compose "the compose file is run by docker-compose through podman's socket"
  mkdir -p "$CONTAINERS_DIR"
  cat > "$CONTAINERS_CONF" <<'CONF'
# Written by deploy/lib/containers.sh.
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
}

# podman's Docker-compatible API on this checkout's socket (started unless it answers).
PODMAN_SERVICE_PID=
start_podman_service() {
  if curl -fsS --unix-socket "$PODMAN_SOCKET" http://podman/_ping >/dev/null 2>&1; then return; fi
  rm -f "$PODMAN_SOCKET"
  podman system service --time=0 "unix://$PODMAN_SOCKET" >"$CONTAINERS_DIR/podman-service.log" 2>&1 &
  PODMAN_SERVICE_PID=$!
  for _ in $(seq 1 50); do
    curl -fsS --unix-socket "$PODMAN_SOCKET" http://podman/_ping >/dev/null 2>&1 && return
    sleep 0.2
  done
  die "podman's API did not start (see $CONTAINERS_DIR/podman-service.log)"
}
stop_podman_service() { end_background "$PODMAN_SERVICE_PID"; PODMAN_SERVICE_PID=; }

# debian:bookworm-slim: pulled if a registry answers within a minute, else made with
# debootstrap (minbase) from the machine's Debian mirror and imported under the same name.
ensure_base_image() {
  podman image exists "$BASE_IMAGE" && return
  if timeout 60 podman pull -q "$BASE_IMAGE" >/dev/null 2>&1; then return; fi
  local mirror rootfs="$CONTAINERS_DIR/rootfs"
  mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p; s/^deb \(http[^ ]*debian\) bookworm main.*/\1/p' \
    /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null | head -1 || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  log "no registry answers: making $BASE_IMAGE with debootstrap from $mirror"
  rm -rf "$rootfs"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$CONTAINERS_DIR/debootstrap.log" 2>&1 \
    || { tail -20 "$CONTAINERS_DIR/debootstrap.log" >&2; die "debootstrap failed"; }
  # As Debian's slim images: no package lists, manuals or documentation but the licences.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*
  find "$rootfs/usr/share/doc" -type f ! -name copyright -delete
  tar -C "$rootfs" -c . | podman import -q - "$BASE_IMAGE" >/dev/null
  rm -rf "$rootfs"
}

# Podman runs healthchecks from systemd timers, which this machine does not have: this loop
# runs every container's healthcheck itself (those without one answer an error, ignored).
HEALTHCHECK_LOOP_PID=
start_healthchecks() {
  (
    while true; do
      for container in $(podman ps -q 2>/dev/null); do
        podman healthcheck run "$container" >/dev/null 2>&1 || true
      done
      sleep 2
    done
  ) &
  HEALTHCHECK_LOOP_PID=$!
}
stop_healthchecks() { end_background "$HEALTHCHECK_LOOP_PID"; HEALTHCHECK_LOOP_PID=; }

# Ends a background job this script started (nothing when the pid is empty).
end_background() {
  [ -n "$1" ] || return 0
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# The executables of this checkout's build ($BIN), their resources and the Swift runtime
# libraries they link to, staged for deploy/Dockerfile's `prebuilt` stage.
stage_prebuilt() {
  local out="$CONTAINERS_DIR/prebuilt" executable
  rm -rf "$out"; mkdir -p "$out/bin" "$out/lib"
  for executable in "$BIN"/onedoor-*; do
    [ -f "$executable" ] && [ -x "$executable" ] || continue
    cp "$executable" "$out/bin/"
  done
  cp -r "$BIN"/OneDoor_*.resources "$out/bin/"
  strip --strip-debug "$out"/bin/onedoor-*
  ldd "$out"/bin/onedoor-* | awk '$3 ~ /\/usr\/lib\/swift\// {print $3}' | sort -u \
    | xargs -r cp -t "$out/lib/"
}
