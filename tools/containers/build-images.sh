#!/usr/bin/env bash
# Builds localhost/probono-postgres:15 and localhost/probono-rabbitmq:3.10 from Debian bookworm packages
# (no registry needed: only the Debian mirror). Idempotent: an image already present is skipped
# (FORCE=1 rebuilds). Work/cache folders live in $PROBONO_CT_HOME (default /var/lib/probono-containers).
# Usage (as root):  tools/containers/build-images.sh
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/podman-env.sh"
export DEBIAN_FRONTEND=noninteractive
PG_IMAGE="$PROBONO_POSTGRES_IMAGE"; MQ_IMAGE="$PROBONO_RABBITMQ_IMAGE"
BASE="$PROBONO_CT_HOME/cache/bookworm-minbase"
WORK="$PROBONO_CT_HOME/work"
T0=$(date +%s)
log() { printf '[build-images +%3ss] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }
timed() { local name="$1"; shift; local s; s=$(date +%s); "$@"; log "$name: $(( $(date +%s) - s )) s"; }

[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }

# 1. tools
missing=()
for p in podman runc debootstrap; do command -v "$p" >/dev/null || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  [ -n "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v -e lock -e partial)" ] || apt-get update -qq
  timed "apt-get install ${missing[*]}" apt-get install -y -q podman runc debootstrap >/dev/null
fi

want_pg=1; want_mq=1
if [ "${FORCE:-0}" != 1 ]; then
  podman image exists "$PG_IMAGE" && { log "$PG_IMAGE already present, skipped"; want_pg=0; }
  podman image exists "$MQ_IMAGE" && { log "$MQ_IMAGE already present, skipped"; want_mq=0; }
fi
[ $want_pg = 0 ] && [ $want_mq = 0 ] && { log "nothing to do"; exit 0; }

# 2. debootstrap base (cached outside the repo)
MIRROR="${DEBIAN_MIRROR:-$(apt-get indextargets --format '$(URI)' 2>/dev/null \
  | sed -n 's#/dists/bookworm/.*##p' | head -1)}"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
if [ ! -f "$BASE/.complete" ]; then
  rm -rf "$BASE"; mkdir -p "$BASE"
  log "debootstrap minbase bookworm from $MIRROR"
  run_debootstrap() { debootstrap --variant=minbase bookworm "$BASE" "$MIRROR" >"$PROBONO_CT_HOME/debootstrap.log" 2>&1; }
  timed "debootstrap" run_debootstrap || { tail -20 "$PROBONO_CT_HOME/debootstrap.log" >&2; exit 1; }
  # never start services inside the chroot: it shares the host's network/ports
  printf '#!/bin/sh\nexit 101\n' > "$BASE/usr/sbin/policy-rc.d"; chmod 755 "$BASE/usr/sbin/policy-rc.d"
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' > "$BASE/etc/apt/apt.conf.d/90probono"
  chroot "$BASE" apt-get update -q >/dev/null
  touch "$BASE/.complete"
else
  log "debootstrap base cached in $BASE"
fi

trim() { # common clean-up of a rootfs
  local r="$1"
  rm -rf "$r"/var/lib/apt/lists/* "$r"/var/cache/apt/*.bin "$r"/var/cache/apt/archives/*.deb \
         "$r"/usr/share/doc/* "$r"/usr/share/man/* "$r"/usr/share/info/* "$r"/var/log/*.log "$r"/var/log/apt/* \
         "$r"/tmp/* "$r/.complete"
  find "$r"/usr/share/locale -mindepth 1 -maxdepth 1 ! -name 'locale.alias' -exec rm -rf {} + 2>/dev/null || true
  : > "$r/etc/resolv.conf"; echo probono > "$r/etc/hostname"
}

build_pg() {
  local r="$WORK/postgres"; rm -rf "$r"; cp -a "$BASE" "$r"
  mkdir -p "$r/etc/postgresql-common"
  echo 'create_main_cluster = false' > "$r/etc/postgresql-common/createcluster.conf"
  chroot "$r" apt-get install -y -q postgresql-15
  # no LLVM JIT (383 -> ~224 MB): postgres simply runs without JIT when llvmjit.so is absent
  rm -rf "$r"/usr/lib/postgresql/15/lib/llvmjit* "$r"/usr/lib/postgresql/15/lib/bitcode \
         "$r"/usr/lib/x86_64-linux-gnu/libLLVM-* "$r"/usr/lib/x86_64-linux-gnu/libz3.so*
  install -m 755 "$HERE/postgres-entrypoint.sh" "$r/usr/local/bin/docker-entrypoint.sh"
  mkdir -p "$r/docker-entrypoint-initdb.d" "$r/var/lib/postgresql/data" "$r/var/run/postgresql"
  chroot "$r" chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql
  trim "$r"
}

build_mq() {
  local r="$WORK/rabbitmq"; rm -rf "$r"; cp -a "$BASE" "$r"
  chroot "$r" apt-get install -y -q rabbitmq-server
  install -m 755 "$HERE/rabbitmq-entrypoint.sh" "$r/usr/local/bin/docker-entrypoint.sh"
  rm -f "$r"/var/lib/rabbitmq/.erlang.cookie
  rm -rf "$r"/var/lib/rabbitmq/mnesia/*
  trim "$r"
}

# 3. the two rootfs copies, in parallel
mkdir -p "$WORK"
chroot "$BASE" apt-get update -q >/dev/null   # fresh lists (cheap when cached)
rm -f "$BASE"/var/cache/apt/archives/*.deb       # debootstrap leaves ~100 MB of .debs: do not copy them twice
pids=()
if [ $want_pg = 1 ]; then ( s=$(date +%s); build_pg >"$WORK/postgres.log" 2>&1; log "rootfs postgres: $(( $(date +%s) - s )) s" ) & pids+=($!); fi
if [ $want_mq = 1 ]; then ( s=$(date +%s); build_mq >"$WORK/rabbitmq.log" 2>&1; log "rootfs rabbitmq: $(( $(date +%s) - s )) s" ) & pids+=($!); fi
fail=0; for p in "${pids[@]}"; do wait "$p" || fail=1; done
if [ $fail = 1 ]; then
  for f in "$WORK"/*.log; do echo "== $f" >&2; tail -20 "$f" >&2; done
  exit 1
fi

# 4. import (both in parallel)
import_pg() {
  local old; old=$(podman image inspect -f "{{.Id}}" "$PG_IMAGE" 2>/dev/null || true)
  tar -C "$WORK/postgres" --numeric-owner -c . | podman import -q \
    --change "ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV LANG=C.UTF-8" --change "ENV PGDATA=/var/lib/postgresql/data" \
    --change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' --change 'CMD ["postgres"]' \
    --change "EXPOSE 5432" --change "STOPSIGNAL SIGINT" - "$PG_IMAGE" >/dev/null
  rm -rf "$WORK/postgres"
  # drop the previous build unless a container still uses it (never force: it would remove containers)
  [ -z "$old" ] || podman rmi "$old" >/dev/null 2>&1 || true
}
import_mq() {
  local old; old=$(podman image inspect -f "{{.Id}}" "$MQ_IMAGE" 2>/dev/null || true)
  tar -C "$WORK/rabbitmq" --numeric-owner -c . | podman import -q \
    --change "ENV LANG=C.UTF-8" --change "ENV HOME=/var/lib/rabbitmq" \
    --change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' --change 'CMD ["rabbitmq-server"]' \
    --change "EXPOSE 5672" - "$MQ_IMAGE" >/dev/null
  rm -rf "$WORK/rabbitmq"
  # drop the previous build unless a container still uses it (never force: it would remove containers)
  [ -z "$old" ] || podman rmi "$old" >/dev/null 2>&1 || true
}
pids=()
[ $want_pg = 1 ] && { timed "import $PG_IMAGE" import_pg & pids+=($!); }
[ $want_mq = 1 ] && { timed "import $MQ_IMAGE" import_mq & pids+=($!); }
fail=0; for p in "${pids[@]}"; do wait "$p" || fail=1; done
[ $fail = 0 ] || { echo "podman import failed" >&2; exit 1; }
podman images --filter reference='localhost/probono-*'
log "total: $(( $(date +%s) - T0 )) s"
