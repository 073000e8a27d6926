#!/bin/bash
# Entrypoint of localhost/probono-postgres:15 (copied to /usr/local/bin/docker-entrypoint.sh).
# Behaves like the official postgres image for what we use:
#   POSTGRES_USER (default postgres), POSTGRES_PASSWORD (required unless POSTGRES_HOST_AUTH_METHOD=trust),
#   POSTGRES_DB (default $POSTGRES_USER), PGDATA, /docker-entrypoint-initdb.d/*.sql|*.sh,
#   extra arguments starting with '-' are passed to postgres (e.g. `-c fsync=off`).
set -Eeo pipefail
export PGDATA="${PGDATA:-/var/lib/postgresql/data}"
if [ "${1:0:1}" = '-' ]; then set -- postgres "$@"; fi
# `postgres --version|--help|-C ...|--describe-config` just run (no init), like the official image
if [ "$1" = postgres ]; then
  for a in "${@:2}"; do case "$a" in -V|--version|-'?'|--help|--describe-config|-C|-C*) shift
      [ "$(id -u)" = 0 ] && exec setpriv --reuid=postgres --regid=postgres --init-groups postgres "$@"
      exec postgres "$@";; esac; done
fi

if [ "$1" = postgres ] && [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"; chmod 2775 /var/run/postgresql
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

if [ "$1" = postgres ]; then
  shift
  POSTGRES_USER="${POSTGRES_USER:-postgres}"
  POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    auth="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"
    if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$auth" != trust ]; then
      echo "error: database is uninitialized and POSTGRES_PASSWORD is not set (or set POSTGRES_HOST_AUTH_METHOD=trust)" >&2
      exit 1
    fi
    pwfile="$(mktemp)"; printf '%s\n' "${POSTGRES_PASSWORD:-}" > "$pwfile"
    pwopt=(); [ -n "${POSTGRES_PASSWORD:-}" ] && pwopt=(--pwfile="$pwfile")
    initdb --username="$POSTGRES_USER" "${pwopt[@]}" --auth-local=trust --auth-host=trust \
      --encoding=UTF8 --locale=C.UTF-8 ${POSTGRES_INITDB_ARGS:-}
    rm -f "$pwfile"
    # like the official image: loopback inside the container is trust, every other host needs the password
    printf '\nhost all all all %s\n' "$auth" >> "$PGDATA/pg_hba.conf"
    printf "\nlisten_addresses = '*'\n" >> "$PGDATA/postgresql.conf"
    # Temporary server on the unix socket only (so pg_isready -h localhost stays false until the end).
    pg_ctl -D "$PGDATA" -w -o "-c listen_addresses='' -p 5432" start
    export PGUSER="$POSTGRES_USER" PGHOST=/var/run/postgresql PGPORT=5432
    if [ "$POSTGRES_DB" != postgres ]; then
      psql -v ON_ERROR_STOP=1 --dbname postgres --set db="$POSTGRES_DB" -q <<<'CREATE DATABASE :"db";'
    fi
    for f in /docker-entrypoint-initdb.d/*; do
      case "$f" in
        *.sh)  echo "running $f"; . "$f" ;;
        *.sql) echo "running $f"; psql -v ON_ERROR_STOP=1 --dbname "$POSTGRES_DB" -f "$f" ;;
        *.sql.gz) echo "running $f"; gunzip -c "$f" | psql -v ON_ERROR_STOP=1 --dbname "$POSTGRES_DB" ;;
      esac
    done
    pg_ctl -D "$PGDATA" -m fast -w stop
    unset PGUSER PGHOST PGPORT
    echo; echo 'PostgreSQL init process complete; ready for start up.'; echo
  fi
  exec postgres -D "$PGDATA" "$@"
fi

exec "$@"
