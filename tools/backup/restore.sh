#!/usr/bin/env bash
# Restores a backup of backup.sh into a fresh data directory, for a new PostgreSQL server (the local mode's
# Infra:Local:DataDirectory/postgres, or any server's data directory), and rewinds each service's relay so that it
# publishes again what may have been in flight in the broker at the backup (RabbitMQ is not backed up, ADR 22): the
# events of the last --replay-seconds before the backup ended (default 600). The consumers' inboxes drop what they had.
#
#   tools/backup/restore.sh [--replay-seconds N] BACKUP DATA_DIR
#
# DATA_DIR must not exist or be empty. Then start a server on it (the local mode: boot the AppHost with
# --Infra:Local:DataDirectory=<its parent>); it replays the backup's WAL and opens at the backup's end.
# The backed-up server's password in PGPASSWORD. Run as root (files for the postgres user) or as the user that will
# run the server. Needs PostgreSQL's server binaries and psql.
set -euo pipefail
replay=600 backup="" data=""
while [ $# -gt 0 ]; do
  case "$1" in
    --replay-seconds) replay=$2; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) if [ -z "$backup" ]; then backup=$1; else data=$1; fi ;;
  esac
  shift
done
[ -n "$backup" ] && [ -n "$data" ] || { echo "usage: restore.sh [--replay-seconds N] BACKUP DATA_DIR" >&2; exit 2; }
[ -f "$backup/base.tar.gz" ] || { echo "$backup has no base.tar.gz: not a backup of backup.sh" >&2; exit 2; }
[ ! -e "$data" ] || [ -z "$(ls -A "$data")" ] || { echo "$data is not empty: restore into a fresh directory" >&2; exit 2; }
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/postgres" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 3; }

mkdir -p "$data/pg_wal"
tar -xzf "$backup/base.tar.gz" -C "$data"
tar -xzf "$backup/pg_wal.tar.gz" -C "$data/pg_wal"
as_owner=()
if [ "$(id -u)" = 0 ]; then
  chown -R postgres:postgres "$data"
  as_owner=(setpriv --reuid=postgres --regid=postgres --init-groups)
fi
chmod 700 "$data"

# Open the copy once on a private socket, no TCP: recovery replays the WAL up to the backup's end; then rewind relays.
socket=$(mktemp -d)
chmod 777 "$socket"
"${as_owner[@]}" "$bin/pg_ctl" -D "$data" -w -t 120 -l "$socket/restore.log" \
  -o "-c listen_addresses='' -c unix_socket_directories=$socket" start >/dev/null
stop() { "${as_owner[@]}" "$bin/pg_ctl" -D "$data" -w -m fast stop >/dev/null; rm -rf "$socket"; }
trap stop EXIT
sql() { psql -X -qAt -h "$socket" -U postgres -d "$1" -c "$2"; }
ended=$(sed -n 's/.*"ended": "\([^"]*\)".*/\1/p' "$backup/backup.json")
for db in $(sql postgres "SELECT datname FROM pg_database WHERE NOT datistemplate AND datname <> 'postgres' ORDER BY 1"); do
  for schema in $(sql "$db" "SELECT table_schema FROM information_schema.tables WHERE table_name = 'mt_event_progression'"); do
    relay=$(sql "$db" "SELECT last_seq_id FROM $schema.mt_event_progression WHERE name LIKE 'IntegrationEventRelay%'")
    [ -n "$relay" ] || continue
    # the last event committed before the window: the relay publishes every later one again
    rewind=$(sql "$db" "SELECT coalesce(max(seq_id), 0) FROM $schema.mt_events WHERE timestamp < timestamptz '$ended' - interval '$replay seconds'")
    [ "$rewind" -lt "$relay" ] || rewind=$relay
    if [ "$rewind" = 0 ]; then
      # Marten spells "from the first event" as no row: a row at 0 would fail the insert of the relay's first page
      # (the services also remove such a row when they start)
      sql "$db" "DELETE FROM $schema.mt_event_progression WHERE name LIKE 'IntegrationEventRelay%'"
    else
      sql "$db" "UPDATE $schema.mt_event_progression SET last_seq_id = $rewind WHERE name LIKE 'IntegrationEventRelay%'"
    fi
    echo "$db: relay rewound from $relay to $rewind: $((relay - rewind)) events (the last $replay s) are published again"
  done
done
echo "restored $backup into $data"
