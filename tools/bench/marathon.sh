#!/usr/bin/env bash
# Issue 12's benchmark, in one command: boots the platform in Release (or uses a running one), measures the pgbench
# one-row INSERT ceiling on the same PostgreSQL, then plays two whole marathons through the gateway with the simulator
# (tools/ProBono.Simulator), from scheduling to the final report, invariants checked: the 2016 La Défense marathon
# (8 partners, 10 needs, 100 volunteers) and a 10,000-volunteer, 1,000-need marathon; writes docs/benchmarks-marathon.md
# with the wall time of each and the time of each phase.
#
#   tools/bench/marathon.sh                         # full run, one boot (~10 minutes on 2 cores)
#   tools/bench/marathon.sh --quick                 # smoke: 1,000 volunteers and 100 needs, writes to a temporary file
#   tools/bench/marathon.sh --url http://localhost:5080   # a running platform (its PostgreSQL on --pg-port for pgbench)
#
# Options: --volunteers N (10000), --needs N (1000), --partners N (50), --parallelism N (simulator clients, 16),
# --gateway-port N (5080), --pg-port N (55432), --mq-port N (55672), --dashboard-port N (15080, and +4000, +4001),
# --smtp-port N (2525), --mail-web-port N (5025), --out FILE (docs/benchmarks-marathon.md), --no-build,
# --apphost-arg ARG (repeatable). The platform is booted with the gateway's rate limit lifted (lib.sh): the benchmark
# measures the services, not the per-tenant budget. The JSON figures and logs of the last run stay in
# /tmp/probono-bench-marathon-last. Needs: dotnet, pgbench and psql, curl, jq.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
apphost_args=() quick=0 url="" gw_port=5080 pg_port=55432 mq_port=55672 out="" build=1
volunteers=10000 needs=1000 partners=50 parallelism=16
pg_password=probono-local
command_line="tools/bench/marathon.sh${*:+ }$*"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --url) url=$2; shift ;;
    --volunteers) volunteers=$2; shift ;;
    --needs) needs=$2; shift ;;
    --partners) partners=$2; shift ;;
    --parallelism) parallelism=$2; shift ;;
    --gateway-port) gw_port=$2; shift ;;
    --pg-port) pg_port=$2; shift ;;
    --mq-port) mq_port=$2; shift ;;
    --dashboard-port) dashboard_port=$2; shift ;;
    --smtp-port) smtp_port=$2; shift ;;
    --mail-web-port) mail_web_port=$2; shift ;;
    --out) out=$2; shift ;;
    --no-build) build=0 ;;
    --apphost-arg) apphost_args+=("$2"); shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ $quick = 1 ]; then volunteers=1000 needs=100 partners=12; fi
if [ -z "$out" ]; then
  if [ $quick = 1 ]; then out=$(mktemp /tmp/probono-benchmarks-marathon.XXXXXX.md); else out=$root/docs/benchmarks-marathon.md; fi
fi
for tool in dotnet pgbench psql curl jq; do
  command -v $tool >/dev/null || { echo "$tool is not installed (apt-get install -y postgresql-client curl jq)" >&2; exit 2; }
done

work=$(mktemp -d /tmp/probono-bench-marathon.XXXXXX)
chmod 755 "$work"   # the PostgreSQL server runs as the postgres user and keeps its data in here
simulator=(dotnet "$root/tools/ProBono.Simulator/bin/Release/net10.0/probono-simulator.dll")
# shellcheck source=lib.sh
source "$root/tools/bench/lib.sh"

cleanup() {
  stop_platform
  rm -rf /tmp/probono-bench-marathon-last && mkdir -p /tmp/probono-bench-marathon-last \
    && cp "$work"/*.json "$work"/*.log "$work"/pgbench.txt /tmp/probono-bench-marathon-last/ 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cd "$root"
if [ $build = 1 ]; then
  log "building in Release"
  [ -n "$url" ] || dotnet build -c Release AppHost -v q -nologo
  dotnet build -c Release tools/ProBono.Simulator -v q -nologo
fi
started_all=$SECONDS

if [ -n "$url" ]; then
  gw_url=${url%/}
else
  gw_url=http://127.0.0.1:$gw_port
  boot 0.1 marathon
fi
pgbench_ceiling

status=0
log "the 2016 La Défense marathon through $gw_url"
"${simulator[@]}" --url "$gw_url" --preset 2016 --plain --parallelism "$parallelism" --json "$work/la-defense-2016.json" \
  2>&1 | tee "$work/la-defense-2016.log" || status=1
log "a marathon of $volunteers volunteers, $needs needs, $partners partners through $gw_url"
"${simulator[@]}" --url "$gw_url" --volunteers "$volunteers" --needs "$needs" --partners "$partners" --patience 600 --plain \
  --parallelism "$parallelism" --json "$work/large.json" 2>&1 | tee "$work/large.log" || status=1
stop_platform

log "report → $out (run took $((SECONDS - started_all)) s)"
commit="$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- . ':!docs/benchmarks-marathon.md' || echo '+changes')"
phase_rows() { # one row per phase of both runs: phase | 2016 s | calls | large s | calls | share of the large run
  jq -r --slurpfile large "$work/large.json" '
    ($large[0].seconds) as $total
    | [.phases[] | {key: .phase, value: .}] | from_entries as $small
    | $large[0].phases[]
    | "| \(.phase) | \($small[.phase].seconds // 0 | . * 10 | round / 10) | \($small[.phase].calls // 0) | \(.seconds * 10 | round / 10) | \(.calls) | \(.items) | \(.seconds / $total * 100 | round) % |"' \
    "$work/la-defense-2016.json"
}
verdict() { jq -r 'if (.failures | length) == 0 then "every invariant held" else "\(.failures | length) invariant(s) failed: \(.failures[:3] | join("; "))" end' "$1"; }
{
  cat <<EOF
# Benchmarks: whole marathons through the gateway

Generated by \`tools/bench/marathon.sh\` (issue 12). Each marathon is played by the simulator
(\`tools/ProBono.Simulator\`, on \`tools/ProBono.Marathon\`) through the gateway only, from scheduling to the final
report, as its people would: staff, associations, partners' HR (bulk import), team leads, respondents on the survey
page's form. Its invariants are checked at the end (every published need staffed or explained, the company rules in
every team, the report's figures equal to what was sent).

## Run

- Command: \`$command_line\`
- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit \`$commit\`; whole run $((SECONDS - started_all)) s, boot and build included
- Machine: $(nproc) cores (nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(grep MemTotal /proc/meminfo | awk '{print $2" kB"}') memory, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end (shared with other work: its load is in the figures)
- Platform: Release, \`Infra:Mode=local\`, one replica per service, trace sampling 0.1, gateway rate limit lifted; simulator: $parallelism concurrent requests, 4 staff desks
- Ceiling: pgbench one-row INSERT on the same PostgreSQL server, same run: **$(printf "%.0f" "${pg_tps:-0}") tps** (${pg_detail:-})

## Wall time

| marathon | partners | needs | volunteers | wall time | calls | retried (429/503) | teams | needs explained unstaffable | checked in | answers / invitations | invariants |
|---|---|---|---|---|---|---|---|---|---|---|---|
EOF
  for run in la-defense-2016 large; do
    jq -r --arg verdict "$(verdict "$work/$run.json")" \
      '"| \(.plan.name) | \(.plan.partners) | \(.plan.needs) | \(.plan.volunteers) | **\(.seconds * 10 | round / 10) s** | \(.calls) | \(.retries) | \(.teams) | \(.unstaffable) | \(.checkedIn) | \(.answers) / \(.invitations) | \($verdict) |"' \
      "$work/$run.json"
  done
  cat <<EOF

Target (issue 12): the $volunteers-volunteer marathon in ≤ 5 minutes on this machine: **$(jq -r 'if .seconds <= 300 then "met" else "missed" end + " (\(.seconds | round) s)"' "$work/large.json")**.

## Where the time goes, phase by phase

| phase | 2016 s | 2016 calls | large s | large calls | large items | share of the large run |
|---|---|---|---|---|---|---|
EOF
  phase_rows
  cat <<EOF

Phases: "associations and needs" = register, submit (as the association), qualify and publish each need; "volunteers" =
each partner's HR imports its employees (\`POST …/volunteers/bulk\`, 1,000 rows a call); "pin leads" waits for Teams to
hear of the volunteers; "formation" proposes until Teams has heard of every published need and confirmed volunteer,
then commits; "surveys" waits for Feedback's invitations, then answers the chosen share through \`POST /surveys/{token}\`;
"final report" reads the report until it counts every answer sent.
EOF
} > "$out"
cat "$out"
exit $status
