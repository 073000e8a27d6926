#!/usr/bin/env bash
# The staff console's benchmark, in one command: boots the platform in Release (or uses a running one), makes a marathon
# of --volunteers volunteers over --partners partners and --needs published needs, forms its teams, starts the day and
# checks half of the volunteers in, signs in on the console's Development page, then asks each console page --rounds
# times through the gateway, one request at a time, and writes each page's first-render server time (the page's
# HTML answered in full: its data read from the gateway and rendered, before any interactivity) to
# docs/benchmarks-console.md. Target: every page ≤ 300 ms. Then the live board is opened in Debian's chromium while the
# volunteers not yet come are checked in one by one at --board-rate a second (tools/bench/board): the lag from each
# check-in's answer to the wall showing it, and whether it grows (the board falling behind). Target: 50 a second kept up.
#
#   tools/bench/console.sh                  # 1,000 volunteers, 100 needs, 30 rounds a page
#   tools/bench/console.sh --quick          # 5 rounds a page, writes to a temporary file
#   tools/bench/console.sh --gateway-port 6180 --pg-port 56532 --mq-port 56772 --dashboard-port 16180 \
#     --smtp-port 2825 --mail-web-port 5325 # beside a platform running on the default ports
#   tools/bench/console.sh --url http://localhost:5080   # a running platform (in Development: the sign-in page)
#
# Options: --volunteers N (1000), --partners N (10), --needs N (100), --rounds N (30), --board-rate N (50; 0 skips the
# board's phase), and those every bench script shares (lib.sh). Needs: dotnet, curl, jq, chromium and chromium-driver.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=lib.sh
source "$root/tools/bench/lib.sh"
volunteers=1000 partners=10 needs=100 rounds=30 board_rate=50
command_line="tools/bench/console.sh${*:+ }$*"
own_option() { # this script's options, for bench_parse
  case "$1" in
    --volunteers) volunteers=$2 ;;
    --partners) partners=$2 ;;
    --needs) needs=$2 ;;
    --rounds) rounds=$2 ;;
    --board-rate) board_rate=$2 ;;
    *) return 1 ;;
  esac
}
bench_parse 16 "$@"
if [ $quick = 1 ]; then rounds=5; fi
bench_default_out benchmarks-console
bench_prepare console /tmp/probono-bench-console-last dotnet curl jq

cd "$root"
bench_build tools/ProBono.Token
[ "$board_rate" = 0 ] || [ $build = 0 ] || dotnet build -c Release tools/bench/board -v q -nologo
if [ -n "$url" ]; then gw=${url%/}; else gw=http://127.0.0.1:$gw_port; boot 0.1 console; fi

staff=$(dotnet tools/ProBono.Token/bin/Release/net10.0/probono-token.dll staff 2>/dev/null \
  || dotnet run -c Release --project tools/ProBono.Token -- staff)
call() { # call METHOD PATH [BODY-FILE]: the body on stdout, fails on a non-2xx
  curl -fsS -X "$1" "$gw$2" -H "Authorization: Bearer $staff" -H 'Content-Type: application/json' ${3:+--data-binary @"$3"}
}
skills='["communication","marketing","digital","design","project-management","strategy","finance","legal","hr","it","data","sales","fundraising"]'

log "a marathon of $volunteers volunteers over $partners partners, $needs needs"
per_partner=$(( (volunteers + partners - 1) / partners ))
jq -n --argjson n "$partners" --argjson q "$per_partner" '{name: "Console bench", venue: "La Défense", date: "2030-11-16",
  registrationDeadline: "2030-11-01", hourlyValueEur: 80,
  partners: [range($n) | {partnerId: "p\(.)", name: "Partner \(.)", quota: $q}]}' > "$work/marathon.json"
mid=$(call POST /admin/recruitment/marathons "$work/marathon.json" | jq -r .marathonId)
call POST "/admin/recruitment/marathons/$mid/open-registration" >/dev/null

jq -n '{name: "Bench association", mission: "A mission", causeArea: "education", contactEmail: "contact@bench.example"}' > "$work/association.json"
aid=$(call POST /admin/needs/associations "$work/association.json" | jq -r .associationId)
: > "$work/needs.txt"
for i in $(seq 0 $((needs - 1))); do
  jq -n --arg aid "$aid" --arg mid "$mid" --argjson i "$i" --argjson skills "$skills" '{associationId: $aid, marathonId: $mid,
    title: "Need \($i)", description: "What association \($i) needs.", deliverable: "A document",
    requiredSkills: [{skill: $skills[$i % 13], count: 2}, {skill: $skills[($i + 5) % 13], count: 1}, {skill: $skills[($i + 9) % 13], count: 1}],
    teamSize: {min: 5, max: 10}}' > "$work/need.json"
  # Needs takes a need once it has heard of the marathon (Recruitment's event): the first one may wait a little
  for try in $(seq 1 60); do
    if nid=$(call POST /api/needs "$work/need.json" 2>/dev/null | jq -r .needId); then break; fi
    [ "$try" = 60 ] && { echo "Needs did not take a need within 30 s" >&2; exit 1; }
    sleep 0.5
  done
  call POST "/admin/needs/$nid/qualify" <(echo '{}') >/dev/null
  call POST "/admin/needs/$nid/publish" >/dev/null
  echo "$nid" >> "$work/needs.txt"
done
for from in $(seq 0 1000 $((volunteers - 1))); do # 1,000 rows a call: the gateway takes bodies up to 1 MB
  jq -n --argjson from "$from" --argjson to "$(( from + 1000 < volunteers ? from + 1000 : volunteers ))" --argjson n "$partners" \
    --argjson skills "$skills" \
    '[range($from; $to) | {partnerId: "p\(. % $n)", employeeRef: "E\(.)", firstName: "Camille", lastName: "Martin \(.)",
      email: "e\(.)@bench.example", skills: [$skills[. % 13], $skills[(. * 7 + 3) % 13]], leadCapable: (. % 4 == 0),
      causePreferences: ["education"]}]' > "$work/volunteers.json"
  call POST "/api/marathons/$mid/volunteers/bulk" "$work/volunteers.json" >/dev/null
done
call POST "/admin/recruitment/marathons/$mid/close-registration" >/dev/null

log "forming the teams (once Teams has heard of every need and volunteer)"
for try in $(seq 1 120); do
  call POST "/admin/teams/marathons/$mid/formation" > "$work/proposal.json"
  placed=$(jq '([.teams[].members | length] | add // 0) + (.unassigned | length)' "$work/proposal.json")
  staffed=$(jq '(.teams | length) + (.unstaffable | length)' "$work/proposal.json")
  [ "$placed" = "$volunteers" ] && [ "$staffed" = "$needs" ] && break
  [ "$try" = 120 ] && { echo "Teams knows $placed volunteers and $staffed needs after 120 tries" >&2; exit 1; }
  sleep 1
done
call POST "/admin/teams/marathons/$mid/formation/$(jq -r .proposalId "$work/proposal.json")/commit" >/dev/null
echo "$(jq '.teams | length' "$work/proposal.json") teams, $(jq '.unassigned | length' "$work/proposal.json") in the reserve"
call POST "/admin/recruitment/marathons/$mid/start" >/dev/null
log "checking half of the volunteers in"
jq -c '[.teams[].members[]] + .unassigned | .[0:(length / 2 | floor)] | . as $a | range(0; length; 500) | {volunteerIds: $a[.:. + 500]}' "$work/proposal.json" \
  | while read -r batch; do echo "$batch" > "$work/desk.json"; call POST "/admin/recruitment/marathons/$mid/check-ins" "$work/desk.json" >/dev/null; done

log "signing in on the console"
jar=$work/cookies.txt
curl -fsS -c "$jar" -b "$jar" "$gw/console/signin/local" -o "$work/signin.html"
antiforgery=$(sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p' "$work/signin.html" | head -n 1)
[ -n "$antiforgery" ] || { echo "the sign-in page has no antiforgery token (is the platform in Development?)" >&2; exit 1; }
curl -fsS -c "$jar" -b "$jar" -o /dev/null -X POST "$gw/console/signin/local" \
  --data-urlencode "__RequestVerificationToken=$antiforgery" --data-urlencode "name=Bench Staff" --data-urlencode "returnUrl=/console/"

pages=("" "marathons/$mid" "marathons/$mid/needs" "marathons/$mid/formation" "marathons/$mid/check-in" "marathons/$mid/board" "marathons/$mid/reports")
names=("marathons" "marathon" "needs" "formation" "check-in" "board" "reports")
: > "$work/renders.tsv"
[ -n "$url" ] || cpu_ticks > "$work/cpu-before.txt"
for i in "${!pages[@]}"; do
  page=${pages[$i]}
  log "${names[$i]}: $rounds requests of /console/$page (after 3 to warm up)"
  for round in $(seq -2 "$rounds"); do
    # time_starttransfer: the page is rendered whole before its first byte (no streaming rendering)
    line=$(curl -sS -b "$jar" -o "$work/page.html" -w '%{http_code}\t%{time_starttransfer}\t%{time_total}\t%{size_download}' "$gw/console/$page")
    [ "${line%%$'\t'*}" = 200 ] || { echo "/console/$page answered ${line%%$'\t'*}" >&2; exit 1; }
    if grep -q 'data-problem=' "$work/page.html"; then echo "/console/$page shows a problem:" >&2; grep -o 'data-problem="[0-9]*"' "$work/page.html" >&2; exit 1; fi
    if [ "$round" -ge 1 ]; then printf '%s\t%s\n' "${names[$i]}" "$line" >> "$work/renders.tsv"; fi
  done
done
[ -n "$url" ] || cpu_ticks > "$work/cpu-after.txt"
if [ "$board_rate" != 0 ]; then
  log "the live board in chromium while the other half checks in, $board_rate a second"
  dotnet tools/bench/board/bin/Release/net10.0/probono-board-bench.dll "$gw" "$mid" "$board_rate" "$work/board-lags.tsv" \
    2>&1 | tee "$work/board.txt" || log "the board's phase failed (its reason goes in the report)"
fi
[ -z "$url" ] && stop_platform

commit=$(bench_commit docs/benchmarks-console.md)
{
  echo "# Benchmark: the staff console's pages"
  echo
  echo "Rerun: \`$command_line\` (Release; \`--quick\` for a smoke). Figures of the last run: \`/tmp/probono-bench-console-last\`."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M') UTC; commit \`$commit\`; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
  echo "- A marathon of $volunteers volunteers over $partners partners and $needs published needs, its teams formed"
  echo "  ($(jq '.teams | length' "$work/proposal.json") teams, $(jq '.unassigned | length' "$work/proposal.json") in the reserve), the day started and half of the volunteers checked in"
  echo "- Each page asked $rounds times through the gateway with a signed-in staff session, one request at a time, after 3"
  echo "  to warm up; the time is curl's time to the first byte: the console renders a page whole (its gateway calls"
  echo "  included) before it sends any of it, so this is the page's first-render server time plus one local hop"
  echo
  echo "| page | median ms | p95 ms | slowest ms | HTML KB | ≤ 300 ms |"
  echo "|---|---|---|---|---|---|"
  for name in "${names[@]}"; do
    awk -F'\t' -v page="$name" '$1 == page { print $3 * 1000 "\t" $5 }' "$work/renders.tsv" | sort -n | awk -F'\t' -v page="$name" '
      { t[NR] = $1; bytes = $2 }
      END {
        median = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
        p95 = t[int(NR * 0.95 + 0.999)]
        printf "| %s | %.0f | %.0f | %.0f | %.0f | %s |\n", page, median, p95, t[NR], bytes / 1024, (p95 <= 300 ? "yes" : "**no**")
      }'
  done
  echo
  if [ -z "$url" ]; then
    echo "CPU each process spent while the pages were asked ($(( ${#pages[@]} * (rounds + 3) )) requests; utime + stime from /proc, the"
    echo "platform's processes only):"
    echo
    cpu_table "$work/cpu-before.txt" "$work/cpu-after.txt" "$(( ${#pages[@]} * (rounds + 3) ))" page
    echo
  fi
  if [ "$board_rate" != 0 ] && ! grep -q '^sent' "$work/board.txt"; then
    echo "The live board at $board_rate check-ins a second: **the phase failed**: $(tail -n 1 "$work/board.txt")"
    echo
  elif [ "$board_rate" != 0 ]; then
    f() { awk -F'\t' -v k="$1" '$1 == k { print $2 }' "$work/board.txt"; }
    echo "The live board at $board_rate check-ins a second: the board page open in chromium (1920×1080) while the"
    echo "$(f sent) volunteers it showed as not yet come were checked in one by one through the gateway; its \"checked in\""
    echo "figure read every 50 ms. Lag: from a check-in's answer to the first reading that counts it."
    echo
    echo "| sent | over s | rate /s | shown at the end | never shown | lag p50 ms | lag p95 ms | lag max ms | p50 first 10 s | p50 last 10 s |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    echo "| $(f sent) | $(f sendSeconds) | $(f achievedRate) | $(f shownAtEnd) | $(f never) | $(f lagP50Ms) | $(f lagP95Ms) | $(f lagMaxMs) | $(f firstTenP50Ms) | $(f lastTenP50Ms) |"
    echo
  fi
} > "$out"
jq -Rn '[inputs | split("\t") | {page: .[0], status: .[1], firstByteSeconds: (.[2] | tonumber), totalSeconds: (.[3] | tonumber), bytes: (.[4] | tonumber)}]' \
  < "$work/renders.tsv" > "$work/renders.json"
log "report → $out"
cat "$out"
