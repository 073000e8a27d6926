#!/usr/bin/env bash
# Starts/stops the Podman API socket (Docker-compatible) for Testcontainers, with this folder's config.
# Usage: tools/containers/podman-socket.sh start|stop|status
# After `start`:  export DOCKER_HOST=unix:///var/lib/probono-containers/podman.sock TESTCONTAINERS_RYUK_DISABLED=true
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/podman-env.sh"
PIDFILE="$PROBONO_CT_HOME/podman-service.pid"
LOG="$PROBONO_CT_HOME/podman-service.log"
running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }
hint() {
  echo "export DOCKER_HOST=$PROBONO_DOCKER_HOST"
  echo "export TESTCONTAINERS_RYUK_DISABLED=true"
}
case "${1:-}" in
  start)
    if running; then echo "podman API already running (pid $(cat "$PIDFILE"))" >&2; hint; exit 0; fi
    rm -f "$PROBONO_PODMAN_SOCK"
    setsid podman system service --time=0 "unix://$PROBONO_PODMAN_SOCK" >"$LOG" 2>&1 < /dev/null &
    echo $! > "$PIDFILE"
    for _ in $(seq 1 50); do [ -S "$PROBONO_PODMAN_SOCK" ] && break; sleep 0.1; done
    [ -S "$PROBONO_PODMAN_SOCK" ] || { echo "socket did not appear; see $LOG" >&2; cat "$LOG" >&2; exit 1; }
    echo "podman API listening (pid $(cat "$PIDFILE"), log $LOG)" >&2
    hint ;;
  stop)
    if running; then kill "$(cat "$PIDFILE")"; for _ in $(seq 1 50); do running || break; sleep 0.1; done
      echo "podman API stopped" >&2
    else echo "podman API not running" >&2; fi
    rm -f "$PIDFILE" "$PROBONO_PODMAN_SOCK" ;;
  status)
    if running; then echo "running (pid $(cat "$PIDFILE"))"; hint; else echo "not running"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
