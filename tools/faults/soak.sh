#!/usr/bin/env bash
# The soak: a mixed load through the gateway for --minutes while faults drawn from a seed hit the platform, then
# nothing lost, nothing doubled, no 5xx but the expected ones, and each process's memory trend after warm-up.
# Boots the platform as plain processes on ports of its own (platform.sh; by default gateway 5480, services 5481-5484,
# PostgreSQL 9642, RabbitMQ 9882: FAULTS_*_PORT move them) on fresh data, measures the pgbench ceiling of its
# PostgreSQL (tools/bench/lib.sh), runs tools/ProBono.Soak, prints its figures and stops everything it started.
#
#   tools/faults/soak.sh                       # 30 minutes, a random seed (printed)
#   tools/faults/soak.sh --minutes 3 --seed 42 # short, replaying the faults of seed 42
#
# The load (tools/ProBono.Soak/Load.cs): single registrations into one open marathon (--rate a second, 8), whole
# marathons played one after the other (needs, bulk registrations, formation, check-ins, milestones, deliverables,
# survey answers, the report), reads (--reads a second, 8). The faults (Faults.cs), every 40-120 s from 30 s on, the
# last ending a minute before the load does: a service SIGKILLed and started again 2-10 s later; RabbitMQ stopped
# (stop_app, 5-40 s) or SIGKILLed (5-30 s); PostgreSQL restarted (fast or immediate shutdown, down 2-15 s).
# Options: --minutes N (30), --seed N, --warmup-minutes N (5, at most a third of the run): RSS slopes after it,
# --no-build, --keep (leave the work folder), and the tool's own (see tools/ProBono.Soak/Program.cs), e.g. --rate 12,
# --tamper true (after the load, a doubled registration, answer and milestone, an inbox row naming no event and a lost
# copy written on purpose: the run must report them and fail).
# Figures: the console, also /tmp/probono-soak-last/ (soak.json, rss.csv, the processes' logs, pgbench.txt).
# Needs: dotnet, psql and pgbench (postgresql-client), curl, PostgreSQL and RabbitMQ installed (the README's set-up).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export FAULTS_GATEWAY_PORT=${FAULTS_GATEWAY_PORT:-5480} FAULTS_PG_PORT=${FAULTS_PG_PORT:-9642} FAULTS_MQ_PORT=${FAULTS_MQ_PORT:-9882}
# pgbench_ceiling from the benchmarks' library; then the fault harness, whose ports and stop_platform win
. "$here/../bench/lib.sh"
. "$here/platform.sh"
minutes=30 seed=$(( (RANDOM << 15 | RANDOM) % 1000000 + 1 )) build=1 keep=0 tool_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes=$2; shift ;;
    --seed) seed=$2; shift ;;
    --no-build) build=0 ;;
    --keep) keep=1 ;;
    --help|-h) sed -n '2,24p' "$0"; exit 0 ;;
    --*) [ $# -ge 2 ] || { echo "$1 needs a value" >&2; exit 2; }; tool_args+=("$1" "$2"); shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

work=$(mktemp -d /tmp/probono-soak.XXXXXX)
chmod 755 "$work"   # PostgreSQL runs as the postgres user and keeps its data in here
last=/tmp/probono-soak-last
cleanup() {
  stop_platform "$work"
  rm -rf "$last" && mkdir -p "$last"
  cp "$work"/*.log "$work"/*.json "$work"/*.csv "$work"/pgbench.txt "$last"/ 2>/dev/null || true
  [ $keep = 1 ] && echo "work folder kept: $work" || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cd "$faults_root"
if [ $build = 1 ]; then
  log "building in Release"
  for project in services/Recruitment services/Needs services/Teams services/Feedback gateway tools/ProBono.Soak; do
    dotnet build -c Release "$project" -v q -nologo | grep -E " error |rror\(s\)" || true
  done
fi
log "soak: $minutes min, seed $seed; platform on gateway :$gw_port, PostgreSQL :$pg_port, RabbitMQ :$mq_port"
start_platform "$work"
quick=0 pgbench_ceiling
echo "{\"pgbenchTps\": ${pg_tps:-null}, \"pgbench\": \"$pg_detail\"}" > "$work/pgbench.json"

status=0
# bounded: the load, the wait for convergence (300 s at most) and the checks, with room to spare
timeout --signal=INT --kill-after=60 $(( minutes * 60 + 1200 )) \
  dotnet tools/ProBono.Soak/bin/Release/net10.0/ProBono.Soak.dll --gateway "http://127.0.0.1:$gw_port" --work "$work" \
  --platform "bash $here/platform.sh" --pg-port "$pg_port" --pg-password "$pg_password" --minutes "$minutes" --seed "$seed" \
  --out "$work/soak.json" "${tool_args[@]}" || status=$?
echo "pgbench ceiling of this PostgreSQL: ${pg_tps:-?} tps ($pg_detail)"
log "soak seed $seed: $([ $status = 0 ] && echo PASSED || echo FAILED) (figures and logs in $last)"
exit $status
