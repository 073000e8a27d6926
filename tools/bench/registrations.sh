#!/usr/bin/env bash
# Issue 7's benchmark, in one command: boots the platform in Release (or uses a running one), measures the
# pgbench one-row INSERT ceiling on the same PostgreSQL, then registrations, reads, growth, bulk import and
# propagation through the gateway and directly on Recruitment's own port, and writes docs/benchmarks.md.
#
#   tools/bench/registrations.sh                 # full run, ~10 minutes, two boots (sampling 0.1, then 1.0 for the write test)
#   tools/bench/registrations.sh --quick         # smoke: short cells, small loads, writes to a temporary file
#   tools/bench/registrations.sh --url http://localhost:5080 [--direct http://127.0.0.1:PORT]   # a running platform, one boot's figures
#
# Options: --sampling R (main boot's trace sampling ratio, default 0.1), --compare-sampling R (second boot, default 1;
# "none" skips it), --gateway-port N (5080), --pg-port N (55432), --mq-port N (55672), --out FILE (docs/benchmarks.md),
# --no-build, --apphost-arg ARG (repeatable: more AppHost settings, e.g. --apphost-arg --Recruitment:Replicas=2).
# The JSON figures of the last run stay in /tmp/probono-bench-last. Needs: dotnet, pgbench and psql (postgresql-client), curl; the README's set-up for the local servers.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
apphost_args=() quick=0 url="" direct="" sampling=0.1 compare=1 gw_port=5080 pg_port=55432 mq_port=55672 out="" build=1
pg_password=probono-local
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --url) url=$2; shift ;;
    --direct) direct=$2; shift ;;
    --sampling) sampling=$2; shift ;;
    --compare-sampling) compare=$2; shift ;;
    --gateway-port) gw_port=$2; shift ;;
    --pg-port) pg_port=$2; shift ;;
    --mq-port) mq_port=$2; shift ;;
    --out) out=$2; shift ;;
    --no-build) build=0 ;;
    --apphost-arg) apphost_args+=("$2"); shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ -n "$url" ]; then compare=none sampling=-1; fi   # a running platform: one boot, at the ratio it was started with
if [ -z "$out" ]; then
  if [ $quick = 1 ]; then out=$(mktemp /tmp/probono-benchmarks.XXXXXX.md); else out=$root/docs/benchmarks.md; fi
fi
for tool in dotnet pgbench psql curl; do
  command -v $tool >/dev/null || { echo "$tool is not installed (apt-get install -y postgresql-client curl)" >&2; exit 2; }
done

work=$(mktemp -d /tmp/probono-bench.XXXXXX)
chmod 755 "$work"   # the PostgreSQL server runs as the postgres user and keeps its data in here
bench=(dotnet "$root/tools/bench/ProBono.Bench/bin/Release/net10.0/ProBono.Bench.dll")
apphost_pid="" started_pids=()
log() { printf '\n== %s %s\n' "$(date -u +%H:%M:%S)" "$*"; }

# Every process of a boot: the AppHost's group, DCP (which detaches into sessions of its own) and what DCP started.
boot_processes() {
  ps -e -o pid=,ppid=,sid=,args= | awk -v root="$apphost_pid" '
    { pid[$1]=$1; parent[$1]=$2; sid[$1]=$3
      monitored[$1]=""; if (match($0, /--monitor [0-9]+/)) monitored[$1]=substr($0, RSTART + 10, RLENGTH - 10) }
    END {
      mine[root]=1; changed=1
      while (changed) { changed=0
        for (p in pid) if (!(p in mine) && ((parent[p] in mine) || (sid[p] in mine) || (monitored[p] != "" && (monitored[p] in mine)))) { mine[p]=1; changed=1 }
      }
      for (p in mine) if (p in pid) print p
    }'
}

stop_platform() {
  [ -n "$apphost_pid" ] || return 0
  local pids=("${started_pids[@]}") p
  mapfile -t -O ${#pids[@]} pids < <(boot_processes)
  log "stopping the platform (AppHost process group $apphost_pid, ${#pids[@]} processes; DCP takes 10-30 s)"
  # SIGTERM: a background job ignores SIGINT, and the AppHost shuts DCP and its children down on SIGTERM
  kill -TERM -- "-$apphost_pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    local alive=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1 && break; done
    [ $alive = 0 ] && break
    sleep 1
  done
  for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && { echo "still running after 60 s, killing: $(ps -o args= -p "$p" | cut -c1-100)"; kill -KILL "$p" 2>/dev/null || true; }; done
  apphost_pid="" started_pids=()
}
cleanup() {
  stop_platform
  # the figures stay for a rerun of the report (ProBono.Bench report --main ... --sampling ...); the servers' data goes
  rm -rf /tmp/probono-bench-last && mkdir -p /tmp/probono-bench-last && cp "$work"/*.json "$work"/*.log "$work"/pgbench.txt /tmp/probono-bench-last/ 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

boot() { # boot RATIO TAG
  local ratio=$1 tag=$2
  for port in $gw_port $pg_port $mq_port 15080 19080 19081; do
    port_free $port || { echo "port $port is in use: stop the platform that holds it, or use --url / --*-port" >&2; exit 1; }
  done
  log "booting the platform in Release, trace sampling $ratio, fresh data in $work/data-$tag"
  ( cd "$root" && exec setsid env ASPIRE_ALLOW_UNSECURED_TRANSPORT=true ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true \
      dotnet run --no-build -c Release --project AppHost --launch-profile http -- \
      --Infra:Mode=local --Infra:Local:DataDirectory="$work/data-$tag" \
      --Infra:Local:PostgresPort=$pg_port --Infra:Local:RabbitMqPort=$mq_port --Infra:Local:RabbitMqDistPort=$((mq_port - 10000)) \
      --Gateway:Port=$gw_port --Gateway:RateLimit:PermitsPerMinute=1000000000 \
      --Demo:Load=false --Telemetry:TraceSamplingRatio="$ratio" "${apphost_args[@]}" ) >"$work/apphost-$tag.log" 2>&1 &
  apphost_pid=$!
  local started=$SECONDS
  until curl -fsS -o /dev/null "http://127.0.0.1:$gw_port/health" 2>/dev/null; do
    if ! kill -0 "$apphost_pid" 2>/dev/null || [ $((SECONDS - started)) -gt 300 ]; then
      echo "the platform did not become healthy in $((SECONDS - started)) s; the AppHost's log ends with:" >&2
      tail -n 30 "$work/apphost-$tag.log" >&2
      exit 1
    fi
    sleep 1
  done
  mapfile -t started_pids < <(boot_processes)
  echo "gateway healthy after $((SECONDS - started)) s"
}

# Recruitment's own port: its process's ASPNETCORE_URLS (DCP sets it; the port in launchSettings is DCP's proxy).
find_direct() {
  local p env urls
  for p in $(pgrep -f '/ProBono\.Recruitment( |$)' || true); do
    env=$(tr '\0' '\n' < /proc/$p/environ 2>/dev/null) || continue
    grep -q "^ConnectionStrings__recruitmentdb=.*Port=$pg_port;" <<<"$env" || continue
    urls=$(sed -n 's/^ASPNETCORE_URLS=//p' <<<"$env" | cut -d';' -f1)
    [ -n "$urls" ] || continue
    direct=${urls/localhost/127.0.0.1}
    direct_found="from ASPNETCORE_URLS in the environment of the Recruitment process (pid $p, /proc/$p/environ)"
    return 0
  done
  echo "could not find Recruitment's own port (no ProBono.Recruitment process using PostgreSQL port $pg_port): pass --direct URL" >&2
  exit 1
}

pgbench_ceiling() {
  export PGPASSWORD=$pg_password
  local db=bench_ceiling secs=$([ $quick = 1 ] && echo 3 || echo 10)
  psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -tc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 \
    || psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c "CREATE DATABASE $db"
  psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -d $db -c \
    "DROP TABLE IF EXISTS one_row; CREATE TABLE one_row (id bigserial PRIMARY KEY, body text NOT NULL, at timestamptz NOT NULL DEFAULT now())"
  echo "INSERT INTO one_row (body) VALUES ('a registration-sized row, one per transaction');" > "$work/insert.sql"
  log "pgbench: one-row INSERTs, 16 clients, $secs s, on 127.0.0.1:$pg_port"
  pgbench -n -h 127.0.0.1 -p "$pg_port" -U postgres -c 16 -j 2 -T "$secs" -f "$work/insert.sql" $db > "$work/pgbench.txt" 2>&1
  grep -E "^tps|latency average" "$work/pgbench.txt"
  pg_tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$work/pgbench.txt" | head -n 1)
  pg_detail="pgbench -c 16 -j 2 -T $secs, one INSERT of a short row into a bigserial-keyed table per transaction, fsync as the server is configured"
  psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c "DROP DATABASE $db" || true
}

cd "$root"
if [ $build = 1 ]; then
  log "building in Release"
  [ -n "$url" ] || dotnet build -c Release AppHost -v q -nologo
  dotnet build -c Release tools/bench/ProBono.Bench -v q -nologo
fi
quick_flag=(); [ $quick = 1 ] && quick_flag=(--quick)
command_line="tools/bench/registrations.sh${*:+ }$*"
started_all=$SECONDS

if [ -n "$url" ]; then
  gw_url=${url%/}
  [ -n "$direct" ] || find_direct
  direct_found=${direct_found:-"given with --direct"}
  pgbench_ceiling
else
  gw_url=http://127.0.0.1:$gw_port
  boot "$sampling" main
  [ -n "$direct" ] && direct_found="given with --direct" || find_direct
  pgbench_ceiling
fi
echo "gateway $gw_url; Recruitment directly $direct ($direct_found)"
log "main measurements"
"${bench[@]}" run --gateway "$gw_url" --direct "$direct" --direct-found "$direct_found" --phase main \
  --sampling "$sampling" "${quick_flag[@]}" --out "$work/main.json"
stop_platform

if [ "$compare" != none ]; then
  boot "$compare" sampling
  log "the write test at trace sampling $compare"
  find_direct
  "${bench[@]}" run --gateway "$gw_url" --direct "$direct" --direct-found "$direct_found" --phase sampling \
    --sampling "$compare" "${quick_flag[@]}" --out "$work/sampling.json"
  stop_platform
fi

log "report → $out (run took $((SECONDS - started_all)) s)"
"${bench[@]}" report --main "$work/main.json" --sampling "$work/sampling.json" --pgbench-tps "$pg_tps" --pgbench "$pg_detail" \
  --command "$command_line" --commit "$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- . ':!docs/benchmarks.md' || echo '+changes')" \
  --out "$out"
