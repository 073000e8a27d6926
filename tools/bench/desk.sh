#!/usr/bin/env bash
# The check-in desk's benchmark, in one command: boots the platform in Release (or uses a running one), measures the
# pgbench one-row INSERT ceiling on the same PostgreSQL, registers --volunteers volunteers over --partners partners
# (bulk import), starts the day, then checks them all in through the gateway in desk calls of 500 badge codes (typed
# as people type them), one call at a time, and writes the time of each call and the CPU each process spent to
# docs/benchmarks-desk.md.
#
#   tools/bench/desk.sh                  # 5,000 volunteers: 10 calls of 500
#   tools/bench/desk.sh --quick          # 1,000 volunteers, writes to a temporary file
#   tools/bench/desk.sh --url http://localhost:5080 --pg-port 5432   # a running platform
#   tools/bench/desk.sh --volunteers 10000 --partners 50 --batch 25 --desks 4 --out /tmp/desks.md
#                                        # the marathon's morning: four desks, people arriving mixed
#
# Options: --volunteers N (5000), --partners N (10), --batch N (500), --desks N (1: desks calling at once; with more
# than one the arrivals are shuffled across partners), and those every bench script shares (lib.sh).
# Needs: dotnet, pgbench and psql, curl, jq.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=lib.sh
source "$root/tools/bench/lib.sh"
volunteers=5000 partners=10 batch=500 desks=1
command_line="tools/bench/desk.sh${*:+ }$*"
own_option() { # this script's options, for bench_parse
  case "$1" in
    --volunteers) volunteers=$2 ;;
    --partners) partners=$2 ;;
    --batch) batch=$2 ;;
    --desks) desks=$2 ;;
    *) return 1 ;;
  esac
}
bench_parse 15 "$@"
if [ $quick = 1 ]; then volunteers=1000; fi
bench_default_out benchmarks-desk
bench_prepare desk /tmp/probono-bench-desk-last dotnet pgbench psql curl jq

cd "$root"
bench_build tools/ProBono.Token
if [ -n "$url" ]; then gw=${url%/}; else gw=http://127.0.0.1:$gw_port; boot 0.1 desk; fi
pgbench_ceiling

staff=$(dotnet tools/ProBono.Token/bin/Release/net10.0/probono-token.dll staff 2>/dev/null \
  || dotnet run -c Release --project tools/ProBono.Token -- staff)
call() { # call METHOD PATH [BODY-FILE]: the body on stdout, fails on a non-2xx
  curl -fsS -X "$1" "$gw$2" -H "Authorization: Bearer $staff" -H 'Content-Type: application/json' ${3:+--data-binary @"$3"}
}

log "a marathon of $volunteers volunteers over $partners partners"
per_partner=$(( (volunteers + partners - 1) / partners ))
jq -n --argjson n "$partners" --argjson q "$per_partner" '{name: "Desk bench", venue: "La Défense", date: "2030-11-16",
  registrationDeadline: "2030-11-01", hourlyValueEur: 80,
  partners: [range($n) | {partnerId: "p\(.)", name: "Partner \(.)", quota: $q}]}' > "$work/marathon.json"
mid=$(call POST /admin/recruitment/marathons "$work/marathon.json" | jq -r .marathonId)
call POST "/admin/recruitment/marathons/$mid/open-registration" >/dev/null
for from in $(seq 0 1000 $((volunteers - 1))); do # 1,000 rows a call: the gateway takes bodies up to 1 MB
  jq -n --argjson from "$from" --argjson to "$(( from + 1000 < volunteers ? from + 1000 : volunteers ))" --argjson n "$partners" \
    '[range($from; $to) | {partnerId: "p\(. % $n)", employeeRef: "E\(.)", firstName: "Camille", lastName: "Martin",
      email: "e\(.)@bench.example", skills: ["design"], leadCapable: false, causePreferences: []}]' > "$work/volunteers.json"
  call POST "/api/marathons/$mid/volunteers/bulk" "$work/volunteers.json" >/dev/null
done
call POST "/admin/recruitment/marathons/$mid/close-registration" >/dev/null
call POST "/admin/recruitment/marathons/$mid/start" >/dev/null

: > "$work/badges.txt"
for page in $(seq 1 $(( (volunteers + 499) / 500 ))); do
  call GET "/api/marathons/$mid/volunteers?status=confirmed&pageSize=500&page=$page" | jq -r '.items[].badgeCode' >> "$work/badges.txt"
done
echo "$(wc -l < "$work/badges.txt") badge codes"

log "desk calls of $batch badge codes, $desks desk(s) at once"
# one desk: in registration order; more: arriving mixed, not company by company (a fixed seed, so runs compare)
if [ "$desks" -gt 1 ]; then shuf --random-source=<(yes 2016) "$work/badges.txt" -o "$work/badges.txt"; fi
split -l "$batch" -d -a 4 "$work/badges.txt" "$work/call-"
for part in "$work"/call-*; do
  # typed as people type them: lower case, in groups of four
  jq -R 'ascii_downcase | "\(.[0:4])-\(.[4:8])-\(.[8:12])"' "$part" | jq -s '{badgeCodes: .}' > "$part.req"
done
desk_call() { # desk_call PART: one call; its seconds in PART.seconds (counted once all calls are done, so no desk waits on jq)
  curl -fsS -o "$1.answer" -w '%{time_total}' -X POST "$gw/admin/recruitment/marathons/$mid/check-ins" \
    -H "Authorization: Bearer $staff" -H 'Content-Type: application/json' --data-binary @"$1.req" > "$1.seconds"
}
export -f desk_call; export gw mid staff
[ -n "$url" ] || cpu_ticks > "$work/cpu-before.txt"
phase_start=$EPOCHREALTIME
printf '%s\n' "$work"/call-[0-9][0-9][0-9][0-9] | xargs -P "$desks" -I{} bash -c 'desk_call {}'
phase_seconds=$(awk -v a="$phase_start" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.1f", b - a}')
[ -n "$url" ] || cpu_ticks > "$work/cpu-after.txt"
for part in "$work"/call-[0-9][0-9][0-9][0-9]; do
  printf '%s\t%s\t%s\n' "$(jq '.badgeCodes | length' "$part.req")" "$(jq '[.results[] | select(.checkedIn)] | length' "$part.answer")" "$(cat "$part.seconds")"
done > "$work/calls.tsv"
[ "$desks" -gt 1 ] || cat "$work/calls.tsv"
echo "$(wc -l < "$work/calls.tsv") calls in $phase_seconds s"
[ -z "$url" ] && stop_platform

commit=$(bench_commit docs/benchmarks-desk.md)
median=$(cut -f3 "$work/calls.tsv" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
worst=$(cut -f3 "$work/calls.tsv" | sort -n | tail -n 1)
total_checked=$(awk -F'\t' '{s+=$2} END {print s}' "$work/calls.tsv")
per_second=$(awk -v n="$total_checked" -v t="$phase_seconds" 'BEGIN {printf "%.0f", n / t}')
{
  echo "# Benchmark: the check-in desk"
  echo
  echo "Rerun: \`$command_line\` (Release; \`--quick\` for a smoke). Figures of the last run: \`/tmp/probono-bench-desk-last\`."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M') UTC; commit \`$commit\`; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
  echo "- Ceiling, same run: pgbench one-row INSERT **${pg_tps} tps** ($pg_detail)"
  echo "- $volunteers volunteers over $partners partners; desk calls of $batch badge codes through the gateway, $desks desk(s) at once"
  echo "- All check-ins: **$phase_seconds s** wall time, $(wc -l < "$work/calls.tsv") calls"
  echo
  if [ "$(wc -l < "$work/calls.tsv")" -le 40 ]; then
    echo "| call | badges | checked in | seconds |"
    echo "|---|---|---|---|"
    awk -F'\t' '{printf "| %d | %s | %s | %.3f |\n", NR, $1, $2, $3}' "$work/calls.tsv"
    echo
  fi
  if [ -z "$url" ]; then
    echo "CPU each process spent during the check-ins (utime + stime from /proc, the platform's processes only):"
    echo
    cpu_table "$work/cpu-before.txt" "$work/cpu-after.txt" "$total_checked" check-in
    echo
  fi
  echo "Median call **${median} s**, slowest ${worst} s (target: a call of 500 badge codes in ≤ 1 s); $total_checked check-ins at"
  echo "$per_second/s, which is $(awk -v a="$per_second" -v b="$pg_tps" 'BEGIN {printf "%.1f", a / b * 100}') % of the one-row INSERT ceiling"
  echo "(each check-in appends an event and updates the volunteer's snapshot and its roster's figures, in one transaction per call)."
} > "$out"
log "report → $out"
cat "$out"
