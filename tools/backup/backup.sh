#!/usr/bin/env bash
# A backup of the platform's PostgreSQL server (the four services' databases) while writes go on: pg_basebackup with
# the WAL written meanwhile (-X stream), so the copy is one consistent instant for all four databases (ADR 22).
# RabbitMQ is not backed up: what was in flight is published again after a restore (restore.sh).
#
#   tools/backup/backup.sh --port 55432 [--host 127.0.0.1] [--user postgres] DEST
#
# The password comes from PGPASSWORD (the local mode's is probono-local) or ~/.pgpass. DEST must not exist; it gets
# the server's data directory as a tar (base.tar.gz, pg_wal.tar.gz) and backup.json: when the backup started and
# ended and each database's event store head at the start. Needs pg_basebackup and psql (postgresql-client).
set -euo pipefail
host=127.0.0.1 port=5432 user=postgres dest=""
while [ $# -gt 0 ]; do
  case "$1" in
    --host) host=$2; shift ;;
    --port) port=$2; shift ;;
    --user) user=$2; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) dest=$1 ;;
  esac
  shift
done
[ -n "$dest" ] || { echo "usage: backup.sh [--host H] [--port P] [--user U] DEST" >&2; exit 2; }
[ ! -e "$dest" ] || { echo "$dest exists: a backup goes into a new folder" >&2; exit 2; }
mkdir -p "$dest"

sql() { psql -X -qAt -h "$host" -p "$port" -U "$user" -d "$1" -c "$2"; }
started=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
# the heads are informative only (the copy is consistent at its end, later than these)
heads=$(for db in $(sql postgres "SELECT datname FROM pg_database WHERE NOT datistemplate AND datname <> 'postgres' ORDER BY 1"); do
  # each service's tables are in a schema named after its database
  head=$(PGOPTIONS="-c search_path=$db" sql "$db" "SELECT coalesce(max(seq_id), 0) FROM mt_events" 2>/dev/null || echo 0)
  printf '"%s": %s,' "$db" "$head"
done)
# -c fast: an immediate checkpoint, not a spread one; the copy reads the files while the server runs
# (the local mode keeps the server's socket in its data directory: pg_basebackup skips it with a warning)
pg_basebackup -h "$host" -p "$port" -U "$user" -D "$dest" -Ft -z -X stream -c fast --label "probono $started" --no-password \
  2> >(grep -v 'skipping special file "./.s.PGSQL' >&2)
ended=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
cat > "$dest/backup.json" <<JSON
{ "started": "$started", "ended": "$ended", "server": "$host:$port", "tool": "$(pg_basebackup --version)",
  "eventStoreHeadsAtStart": { ${heads%,} } }
JSON
echo "backup of $host:$port in $dest ($(du -sh "$dest" | cut -f1)), $started to $ended"
