#!/usr/bin/env bash
# Runs the machine's own PostgreSQL server for Infra:Mode=local (and the integration tests' private servers), in the
# foreground, as the postgres user. Each SETTING (name=value) is passed as `-c` and wins over the defaults below.
# PROBONO_TETHERED=1 ties the server's life to the caller's (tether.sh).
# usage: postgres.sh DATA_DIR PORT PASSWORD [SETTING...]
set -euo pipefail
data=$1 port=$2 password=$3
shift 3
settings=()
for setting in "$@"; do settings+=(-c "$setting"); done
. "$(dirname "${BASH_SOURCE[0]}")/tether.sh"
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/postgres" ]; then
  echo "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: install them with 'apt-get install postgresql'." >&2
  exit 3
fi
as_owner=()
if [ "$(id -u)" = 0 ]; then
  # postgres refuses to run as root
  as_owner=(setpriv --reuid=postgres --regid=postgres --init-groups)
fi
mkdir -p "$data"
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$data"; fi
chmod 700 "$data"
if [ ! -s "$data/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "$password" > "$pwfile"
  chmod 644 "$pwfile"
  "${as_owner[@]}" "$bin/initdb" -D "$data" -U postgres --auth=scram-sha-256 --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  echo "initialised a new PostgreSQL cluster in $data"
fi
# SIGQUIT when tethered: immediate shutdown, no checkpoint for data about to be deleted
serve QUIT "${as_owner[@]}" "$bin/postgres" -D "$data" -p "$port" \
  -c listen_addresses=127.0.0.1 -c unix_socket_directories="$data" -c max_connections=300 -c logging_collector=off "${settings[@]}"
