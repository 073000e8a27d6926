#!/usr/bin/env bash
# How long the read models take to rebuild from a large store: a Recruitment store of N volunteers (default 100,000)
# over 10 partners' rosters and a Needs store of 1,000 needs, loaded as raw event rows in today's shapes, each rebuilt
# through POST /admin/rebuild (tests/ProBono.IntegrationTests/Rebuild/RebuildBench.cs), with the pgbench one-row INSERT
# ceiling of the same PostgreSQL measured first. Appends the figures to docs/reliability.md ("Rebuilding read models").
#
#   tools/rebuild/bench.sh                 # 100,000 volunteers, the system PostgreSQL and RabbitMQ on their usual ports
#   tools/rebuild/bench.sh --volunteers 20000 --out /tmp/r.md
#
# Needs dotnet, pgbench and psql; PostgreSQL on 127.0.0.1:${PGPORT:-5432} (postgres/postgres) and RabbitMQ on 5672.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
volunteers=100000 out=$root/docs/reliability.md pg_port=${PGPORT:-5432} pg_password=${PGPASSWORD:-postgres}
while [ $# -gt 0 ]; do
  case "$1" in
    --volunteers) volunteers=$2; shift ;;
    --out) out=$2; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
work=$(mktemp -d /tmp/probono-rebuild-bench.XXXXXX)
log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }
quick=0
# shellcheck source=../bench/lib.sh
source <(sed -n '/^pgbench_ceiling()/,/^}/p' "$root/tools/bench/lib.sh")
pgbench_ceiling

export PROBONO_TEST_CONTAINERS=false
export PROBONO_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=$pg_password"
export PROBONO_TEST_RABBITMQ=${PROBONO_TEST_RABBITMQ:-amqp://guest:guest@127.0.0.1:5672/}
export PROBONO_REBUILD_BENCH=$volunteers PROBONO_REBUILD_BENCH_OUT=$work/figures.json
log "rebuilding $volunteers volunteers and 1,000 needs"
dotnet test "$root/tests/ProBono.IntegrationTests" --filter "FullyQualifiedName~Rebuild.RebuildBench" > "$work/test.log" 2>&1 \
  || { tail -n 40 "$work/test.log" >&2; exit 1; }

seconds() { python3 -c "import json,sys; print(json.load(open('$work/figures.json'))['$1']['seconds'])"; }
each() { python3 -c "import json; print(', '.join(f\"{p['projection']} {p['seconds']} s ({p['documents']:,} docs)\" for p in json.load(open('$work/figures.json'))['$1']['projections']))"; }
machine="$(nproc) vCPU $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1 | awk '{print $1, $2}'), $(free -g | awk '/Mem:/ {print $2}') GB, $(. /etc/os-release; echo "$NAME $VERSION_ID") ($(date +%F))"
{
  grep -q '^## Rebuilding read models' "$out" || printf '\n## Rebuilding read models\n\nADR 21: every projection of a service replayed from its event store by `POST /admin/rebuild`, timed by the caller.\nThe stores are loaded as raw event rows in today'"'"'s shapes (the volunteers'"'"' marathon has no stream of its own, hence no\n`MarathonSummary`), the tests'"'"' Debug build, on a machine shared with other work. Rerun it to add a row.\n\n| store | rebuild (all projections) | each projection | pgbench ceiling | command | machine |\n|---|---|---|---|---|---|\n'
  printf '| Recruitment: %s volunteers, 10 rosters | **%s s** | %s | %s tps (%s) | `tools/rebuild/bench.sh --volunteers %s` | %s |\n' \
    "$(python3 -c "print(f'{$volunteers:,}')")" "$(seconds recruitmentRebuild)" "$(each recruitmentRebuild)" "$(printf "%.0f" "$pg_tps")" "$pg_detail" "$volunteers" "$machine"
  printf '| Needs: 1,000 needs, 3 events each | **%s s** | %s | %s tps | `tools/rebuild/bench.sh --volunteers %s` | %s |\n' \
    "$(seconds needsRebuild)" "$(each needsRebuild)" "$(printf "%.0f" "$pg_tps")" "$volunteers" "$machine"
} >> "$out"
log "written to $out"
