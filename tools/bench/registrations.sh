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
# "none" skips it), --gateway-port N (5080), --pg-port N (55432), --mq-port N (55672), --dashboard-port N (15080),
# --smtp-port N (2525), --mail-web-port N (5025), --out FILE (docs/benchmarks.md),
# --no-build, --apphost-arg ARG (repeatable: more AppHost settings, e.g. --apphost-arg --Recruitment:Replicas=2).
# The JSON figures of the last run stay in /tmp/probono-bench-last. Needs: dotnet, pgbench and psql (postgresql-client), curl; the README's set-up for the local servers.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=lib.sh
source "$root/tools/bench/lib.sh"   # boot, stop, pgbench and the shared options: with needs.sh and marathon.sh
direct="" sampling=0.1 compare=1
command_line="tools/bench/registrations.sh${*:+ }$*"
own_option() { # this script's options, for bench_parse
  case "$1" in
    --direct) direct=$2 ;;
    --sampling) sampling=$2 ;;
    --compare-sampling) compare=$2 ;;
    *) return 1 ;;
  esac
}
bench_parse 14 "$@"
if [ -n "$url" ]; then compare=none sampling=-1; fi   # a running platform: one boot, at the ratio it was started with
bench_default_out benchmarks
# the figures stay for a rerun of the report (ProBono.Bench report --main ... --sampling ...); the servers' data goes
bench_prepare "" /tmp/probono-bench-last dotnet pgbench psql curl
bench=(dotnet "$root/tools/bench/ProBono.Bench/bin/Release/net10.0/ProBono.Bench.dll")

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

cd "$root"
bench_build tools/bench/ProBono.Bench
quick_flag=(); [ $quick = 1 ] && quick_flag=(--quick)
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
  --command "$command_line" --commit "$(bench_commit docs/benchmarks.md)" \
  --out "$out"
