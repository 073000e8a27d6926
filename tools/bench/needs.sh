#!/usr/bin/env bash
# Issue 9's benchmark ("Scale"), in one command: boots the platform in Release (or uses a running one), measures the
# pgbench one-row INSERT ceiling on the same PostgreSQL, then drives the Needs service through the gateway —
# submit+qualify+publish with few needs in the database and again after loading up to 100,000; the board, the lists and
# one need of a 10-need and a 1,000-need marathon; publish → board propagation — and writes docs/benchmarks-needs.md.
#
#   tools/bench/needs.sh                        # full run, one boot (~15-25 minutes on 2 cores, most of it the load)
#   tools/bench/needs.sh --quick                # smoke: short cells, 5,000 needs, writes to a temporary file
#   tools/bench/needs.sh --url http://localhost:5080   # a running platform (its PostgreSQL on --pg-port for pgbench)
#
# Options: --target N (needs in the database before the second write cells, default 100000), --load-budget S (stop the
# load after S seconds and say so in the report, default 900), --gateway-port N (5080), --pg-port N (55432),
# --mq-port N (55672), --dashboard-port N (15080), --smtp-port N (2525), --mail-web-port N (5025), --out FILE (docs/benchmarks-needs.md), --no-build, --apphost-arg ARG (repeatable).
# The JSON figures, the log and the lists' query plans (needs-explain.sh) of the last run stay in /tmp/probono-bench-needs-last. Needs: dotnet, pgbench and psql, curl.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=lib.sh
source "$root/tools/bench/lib.sh"
target="" budget=900
command_line="tools/bench/needs.sh${*:+ }$*"
own_option() { # this script's options, for bench_parse
  case "$1" in
    --target) target=$2 ;;
    --load-budget) budget=$2 ;;
    *) return 1 ;;
  esac
}
bench_parse 14 "$@"
bench_default_out benchmarks-needs
bench_prepare needs /tmp/probono-bench-needs-last dotnet pgbench psql curl
bench=(dotnet "$root/tools/bench/ProBono.Bench/bin/Release/net10.0/ProBono.Bench.dll")

cd "$root"
bench_build tools/bench/ProBono.Bench
quick_flag=(); [ $quick = 1 ] && quick_flag=(--quick)
target_flag=(); [ -n "$target" ] && target_flag=(--target "$target")
started_all=$SECONDS

if [ -n "$url" ]; then
  gw_url=${url%/}
else
  gw_url=http://127.0.0.1:$gw_port
  boot 0.1 needs
fi
pgbench_ceiling
log "needs measurements through $gw_url"
"${bench[@]}" needs --gateway "$gw_url" --load-budget "$budget" "${target_flag[@]}" "${quick_flag[@]}" --out "$work/needs.json" \
  | tee "$work/needs-run.log"
log "query plans of the lists → $work/explain.log"
"$root/tools/bench/needs-explain.sh" "$pg_port" > "$work/explain.log" 2>&1 || echo "needs-explain.sh failed: see explain.log"
stop_platform

log "report → $out (run took $((SECONDS - started_all)) s)"
"${bench[@]}" needs-report --results "$work/needs.json" --pgbench-tps "$pg_tps" --pgbench "$pg_detail" \
  --command "$command_line" --commit "$(bench_commit docs/benchmarks-needs.md)" \
  --out "$out"
