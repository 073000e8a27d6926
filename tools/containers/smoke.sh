#!/usr/bin/env bash
# Smoke test of the locally built images with podman (as root). Each container gets a free high
# host port chosen by podman (-p 127.0.0.1::PORT). Containers are removed at the end (also on failure).
# Checks: PostgreSQL init with POSTGRES_PASSWORD/POSTGRES_DB, psql over TCP with password auth (and a wrong
# password refused), extra args after the image (`-c fsync=off`) reach postgres, pg_isready on PATH;
# RabbitMQ "Server startup complete" in the log, rabbitmq-diagnostics check_running, RABBITMQ_DEFAULT_USER/PASS
# login (rabbitmqctl authenticate_user + a real AMQP PLAIN login through the mapped port; guest refused).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/podman-env.sh"
PG=pbsmoke-pg-$$; MQ=pbsmoke-mq-$$
T0=$(date +%s)
log() { printf '[smoke +%3ss] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }
fail() { log "FAIL: $*"; exit 1; }
cleanup() { podman rm -f -t 2 "$PG" "$MQ" >/dev/null 2>&1 || true; }
trap cleanup EXIT

podman image exists "$PROBONO_POSTGRES_IMAGE" || fail "$PROBONO_POSTGRES_IMAGE missing: run build-images.sh"
podman image exists "$PROBONO_RABBITMQ_IMAGE" || fail "$PROBONO_RABBITMQ_IMAGE missing: run build-images.sh"

# start both (in parallel: they boot concurrently)
podman run -d --name "$PG" -p 127.0.0.1::5432 \
  -e POSTGRES_PASSWORD=postgres -e POSTGRES_DB=probe \
  "$PROBONO_POSTGRES_IMAGE" -c fsync=off -c synchronous_commit=off >/dev/null
podman run -d --name "$MQ" -p 127.0.0.1::5672 \
  -e RABBITMQ_DEFAULT_USER=probe -e RABBITMQ_DEFAULT_PASS=probe \
  "$PROBONO_RABBITMQ_IMAGE" >/dev/null
PG_PORT=$(podman port "$PG" 5432/tcp | sed 's/.*://'); MQ_PORT=$(podman port "$MQ" 5672/tcp | sed 's/.*://')
log "started $PG (127.0.0.1:$PG_PORT) and $MQ (127.0.0.1:$MQ_PORT)"

# --- PostgreSQL
for i in $(seq 1 60); do
  podman exec "$PG" pg_isready -q --host localhost --dbname probe --username postgres && break
  [ "$(podman inspect -f '{{.State.Running}}' "$PG")" = true ] || { podman logs "$PG" | tail -20; fail "postgres exited"; }
  sleep 0.5
done
podman exec "$PG" pg_isready --host localhost --dbname probe --username postgres >/dev/null || fail "postgres not ready"
log "postgres ready (pg_isready in the container)"
out=$(PGPASSWORD=postgres psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d probe -tAc 'select 1') || fail "psql"
[ "$out" = 1 ] || fail "psql select 1 returned '$out'"
log "psql -h 127.0.0.1 -p $PG_PORT -U postgres -d probe -c 'select 1': OK"
fs=$(PGPASSWORD=postgres psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d probe -tAc 'show fsync')
[ "$fs" = off ] || fail "extra args not passed: fsync=$fs"
log "extra args '-c fsync=off' reached postgres: fsync=$fs; pid 1 = $(podman exec "$PG" cat /proc/1/cmdline | tr '\0' ' ')"
if PGPASSWORD=wrong psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d probe -tAc 'select 1' >/dev/null 2>&1; then
  fail "wrong password accepted"
fi
log "wrong password refused (scram-sha-256 for remote hosts)"

# --- RabbitMQ
for i in $(seq 1 90); do
  podman logs "$MQ" 2>&1 | grep -q 'Server startup complete' && break
  [ "$(podman inspect -f '{{.State.Running}}' "$MQ")" = true ] || { podman logs "$MQ" 2>&1 | tail -20; fail "rabbitmq exited"; }
  sleep 0.5
done
podman logs "$MQ" 2>&1 | grep -q 'Server startup complete' || fail "no 'Server startup complete' in the log"
log "rabbitmq log: $(podman logs "$MQ" 2>&1 | grep -o 'Server startup complete.*' | sed 's/\x1b\[[0-9;]*m//g')"
podman exec "$MQ" rabbitmq-diagnostics -q check_running || fail "check_running"
podman exec "$MQ" rabbitmqctl -q authenticate_user probe probe >/dev/null || fail "authenticate_user probe"
log "rabbitmq-diagnostics check_running + rabbitmqctl authenticate_user probe probe: OK"
python3 "$HERE/amqp-login.py" 127.0.0.1 "$MQ_PORT" probe probe || fail "AMQP login"
if python3 "$HERE/amqp-login.py" 127.0.0.1 "$MQ_PORT" guest guest >/dev/null 2>&1; then fail "guest should not exist"; fi
log "guest/guest refused (only RABBITMQ_DEFAULT_USER exists)"

cleanup
log "containers removed; ALL OK ($(( $(date +%s) - T0 )) s)"
