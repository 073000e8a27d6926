# Sourced first by tools/bench/registrations.sh, needs.sh and marathon.sh: the options they share, their working
# directory and clean-up, booting the platform in Release with fresh data, finding and stopping every process of that
# boot, and the pgbench ceiling.
# A script sets root, sources this file, parses its options with bench_parse (or bench_option in a loop of its own),
# then calls bench_prepare.
# Ports: the gateway, PostgreSQL and RabbitMQ (its distribution port is RabbitMQ's - 10000), the dashboard (its OTLP
# and resource-service endpoints on +4000 and +4001, as the launch profile has them) and the mail catcher can all
# move, so a second platform can run beside the default one.

gw_port=5080 pg_port=55432 mq_port=55672 dashboard_port=15080 smtp_port=2525 mail_web_port=5025
pg_password=probono-local
apphost_args=() quick=0 url="" out="" build=1 consumed=0
# the help text every script prints for the options below
bench_options_help="--quick, --url URL (a running platform), --gateway-port N (5080), --pg-port N (55432), --mq-port N (55672),
--dashboard-port N (15080, and +4000, +4001), --smtp-port N (2525), --mail-web-port N (5025), --out FILE, --no-build,
--apphost-arg ARG (repeatable: more AppHost settings, e.g. --apphost-arg --Recruitment:Replicas=2)"

# bench_option "$@": takes one of the shared options from the front of the arguments; says how many words it used
# in $consumed, or returns 1 when the option is not a shared one.
bench_option() {
  consumed=2
  case "$1" in
    --quick) quick=1; consumed=1 ;;
    --no-build) build=0; consumed=1 ;;
    --url|--gateway-port|--pg-port|--mq-port|--dashboard-port|--smtp-port|--mail-web-port|--out|--apphost-arg)
      [ $# -ge 2 ] || { echo "$1 needs a value" >&2; exit 2; }
      case "$1" in
        --url) url=$2 ;;
        --gateway-port) gw_port=$2 ;;
        --pg-port) pg_port=$2 ;;
        --mq-port) mq_port=$2 ;;
        --dashboard-port) dashboard_port=$2 ;;
        --smtp-port) smtp_port=$2 ;;
        --mail-web-port) mail_web_port=$2 ;;
        --out) out=$2 ;;
        --apphost-arg) apphost_args+=("$2") ;;
      esac ;;
    *) consumed=0; return 1 ;;
  esac
}

# bench_parse HELP_END "$@": the shared options (bench_option), -h/--help (prints lines 2 to HELP_END of the script) and
# the script's own options, each with a value, which it takes in its function own_option NAME VALUE (returning 1 for an
# option that is not one of its own).
bench_parse() {
  local help_end=$1
  shift
  while [ $# -gt 0 ]; do
    bench_option "$@" && { shift "$consumed"; continue; }
    case "$1" in
      -h|--help) sed -n "2,${help_end}p" "$0"; exit 0 ;;
    esac
    own_option "$1" "${2-}" || { echo "unknown option $1 (see --help)" >&2; exit 2; }
    [ $# -ge 2 ] || { echo "$1 needs a value" >&2; exit 2; }
    shift 2
  done
}

# bench_default_out NAME: unless --out was given, the report goes to docs/NAME.md, or with --quick to a temporary file.
bench_default_out() {
  [ -z "$out" ] || return 0
  if [ $quick = 1 ]; then out=$(mktemp "/tmp/probono-$1.XXXXXX.md"); else out=$root/docs/$1.md; fi
}

# bench_build PROJECT: unless --no-build, builds PROJECT and (unless --url names a running platform) the AppHost in Release.
bench_build() {
  [ $build = 1 ] || return 0
  log "building in Release"
  [ -n "$url" ] || dotnet build -c Release AppHost -v q -nologo
  dotnet build -c Release "$1" -v q -nologo
}

# bench_prepare NAME LAST_DIR TOOL...: checks the tools, makes the working directory ($work) and, on exit, stops the
# platform, keeps the JSON figures and logs in LAST_DIR and removes the rest (the servers' data).
bench_prepare() {
  local name=$1 tool
  bench_last=$2
  shift 2
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed (apt-get install -y postgresql-client curl jq)" >&2; exit 2; }
  done
  work=$(mktemp -d "/tmp/probono-bench${name:+-$name}.XXXXXX")
  chmod 755 "$work"   # the PostgreSQL server runs as the postgres user and keeps its data in here
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}
bench_cleanup() {
  stop_platform
  rm -rf "$bench_last" && mkdir -p "$bench_last" \
    && cp "$work"/*.json "$work"/*.log "$work"/pgbench.txt "$bench_last"/ 2>/dev/null || true
  rm -rf "$work"
}

# bench_commit DOC: the commit measured, "+changes" when the work tree differs from it (the report DOC aside).
bench_commit() {
  echo "$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- . ":!$1" || echo '+changes')"
}

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
# cpu_ticks: the CPU time (user + system, in clock ticks) each part of the boot has used so far, a line "part ticks"
# per part. Two snapshots around a phase give its CPU per process (cpu_table).
cpu_ticks() {
  local p
  for p in $(boot_processes); do
    [ -r "/proc/$p/stat" ] || continue
    local args; args=$(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null) || continue
    local part
    case "$args" in
      *ProBono.Recruitment*) part=recruitment ;; *ProBono.Needs*) part=needs ;; *ProBono.Teams*) part=teams ;;
      *ProBono.Feedback*) part=feedback ;; *ProBono.Gateway*) part=gateway ;; *ProBono.Console*) part=console ;; *postgres*) part=postgresql ;;
      *beam.smp*|*rabbit*|*epmd*) part=rabbitmq ;; *Aspire.Dashboard*|*aspire-dashboard*) part=dashboard ;;
      *) part=other ;;
    esac
    # fields 14-17 of stat: utime, stime, and those of waited-for children (PostgreSQL's ended backends)
    echo "$part $(sed 's/^.*) //' "/proc/$p/stat" | awk '{print $12 + $13 + $14 + $15}')"
  done | awk '{t[$1] += $2} END {for (p in t) print p, t[p]}' | sort
}
# cpu_table BEFORE AFTER UNITS LABEL: the markdown rows "| part | CPU ms per unit |" between two cpu_ticks snapshots.
cpu_table() {
  awk -v units="$3" -v hz="$(getconf CLK_TCK)" -v label="$4" '
    NR == FNR { before[$1] = $2; next }
    { ms = ($2 - before[$1]) * 1000 / hz; total += ms; rows[$1] = ms }
    END {
      printf "| process | CPU s | CPU ms per %s |\n|---|---|---|\n", label
      for (p in rows) printf "| %s | %.1f | %.2f |\n", p, rows[p] / 1000, rows[p] / units
      printf "| **total** | **%.1f** | **%.2f** |\n", total / 1000, total / units
    }' "$1" "$2"
}
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

boot() { # boot RATIO TAG
  local ratio=$1 tag=$2
  local dashboard=$dashboard_port smtp=$smtp_port mail_web=$mail_web_port
  # the services listen on the gateway's port + 1 … + 4, the console on + 5 and Webhooks on + 6 (their profiles'
  # 5181-5186 would clash with another platform)
  for port in $gw_port $((gw_port + 1)) $((gw_port + 2)) $((gw_port + 3)) $((gw_port + 4)) $((gw_port + 5)) $((gw_port + 6)) $pg_port $mq_port $dashboard $((dashboard + 4000)) $((dashboard + 4001)) $smtp $mail_web; do
    port_free $port || { echo "port $port is in use: stop the platform that holds it, or use --url / --*-port" >&2; exit 1; }
  done
  log "booting the platform in Release, trace sampling $ratio, fresh data in $work/data-$tag"
  # the launch profile's settings, spelled out so that its ports can move (AppHost/Properties/launchSettings.json)
  ( cd "$root" && exec setsid env ASPIRE_ALLOW_UNSECURED_TRANSPORT=true ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true \
      ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development ASPNETCORE_URLS="http://localhost:$dashboard" \
      ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL="http://localhost:$((dashboard + 4000))" \
      ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL="http://localhost:$((dashboard + 4001))" \
      dotnet run --no-build -c Release --project AppHost --no-launch-profile -- \
      --Infra:Mode=local --Infra:Local:DataDirectory="$work/data-$tag" \
      --Infra:Local:PostgresPort=$pg_port --Infra:Local:RabbitMqPort=$mq_port --Infra:Local:RabbitMqDistPort=$((mq_port - 10000)) \
      --Mail:SmtpPort=$smtp --Mail:WebPort=$mail_web \
      --Gateway:Port=$gw_port --Gateway:RateLimit:PermitsPerMinute=1000000000 \
      --Services:recruitment:Port=$((gw_port + 1)) --Services:needs:Port=$((gw_port + 2)) \
      --Services:teams:Port=$((gw_port + 3)) --Services:feedback:Port=$((gw_port + 4)) --Services:console:Port=$((gw_port + 5)) \
      --Services:webhooks:Port=$((gw_port + 6)) \
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
