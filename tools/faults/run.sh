#!/usr/bin/env bash
# Issue 13 "Faults" 1-3, rerunnable: boots the platform as plain processes on ports of its own (platform.sh: gateway
# 5280, PostgreSQL 9632, RabbitMQ 9872, services 5281-5284) on fresh data, runs tools/ProBono.Faults (registrations
# through the gateway, the fault, then Teams' and Feedback's volunteer copies compared by id with what was accepted),
# prints the figures and stops everything it started.
#
#   tools/faults/run.sh broker-outage      # RabbitMQ stopped (rabbitmqctl stop_app) for 30 s in the middle of the load
#   tools/faults/run.sh broker-kill        # the same, RabbitMQ SIGKILLed and started again
#   tools/faults/run.sh kill-teams         # Teams SIGKILLed mid-load, started again 5 s later
#   tools/faults/run.sh kill-recruitment   # Recruitment (the relay, and the service taking the writes) SIGKILLed, the same
#   tools/faults/run.sh kill-relaying-recruitment  # two Recruitment replicas behind the gateway (the second on 5285,
#                                          # FAULTS_RECRUITMENT_B_PORT): the one holding the relay SIGKILLed, the other must
#                                          # take the relay over (within 60 s) and the writes; the killed one started again
#   tools/faults/run.sh redelivery         # every consumer gets every message twice (Messaging:Faults:DeliverTwice)
#   tools/faults/run.sh baseline           # no fault
#
# Options: --registrations N (5000), --rate R a second (80: the load spans the fault), --partners N (10),
# --fault-at S (15), --outage S (30 for the broker, 5 for a process), --no-build, --keep (leave the work folder).
# Figures: the console's JSON, also in /tmp/probono-faults-last/<scenario>.json with the processes' logs.
# Needs: dotnet, psql (postgresql-client), curl, PostgreSQL and RabbitMQ installed (the README's local set-up).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/platform.sh"
scenario=${1:-}
[ -n "$scenario" ] && shift || { sed -n '2,21p' "$0"; exit 2; }
registrations=5000 rate=80 partners=10 fault_at=15 outage="" build=1 keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --registrations) registrations=$2; shift ;;
    --rate) rate=$2; shift ;;
    --partners) partners=$2; shift ;;
    --fault-at) fault_at=$2; shift ;;
    --outage) outage=$2; shift ;;
    --no-build) build=0 ;;
    --keep) keep=1 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

work=$(mktemp -d /tmp/probono-faults.XXXXXX)
chmod 755 "$work"   # PostgreSQL runs as the postgres user and keeps its data in here
me="bash $here/platform.sh"
fault=() 
case "$scenario" in
  broker-outage) fault=(--fault "$me rabbitmqctl $work stop_app" --recover "$me rabbitmqctl $work start_app" --outage "${outage:-30}") ;;
  broker-kill) fault=(--fault "$me kill $work rabbitmq" --recover "$me start-rabbitmq $work" --outage "${outage:-30}") ;;
  kill-teams) fault=(--fault "$me kill $work teams" --recover "$me start-service $work teams" --outage "${outage:-5}") ;;
  kill-recruitment) fault=(--fault "$me kill $work recruitment" --recover "$me start-service $work recruitment" --outage "${outage:-5}") ;;
  kill-relaying-recruitment)
    export FAULTS_RECRUITMENT_REPLICAS=2 # for the fault commands, which run platform.sh again
    replicas=(recruitment-b)
    fault=(--fault "$me kill-relay $work" --recover "$me start-killed-relay $work" --outage "${outage:-5}") ;;
  redelivery) export FAULTS_SERVICE_ENV="Messaging__Faults__DeliverTwice=true" ;;
  baseline) ;;
  *) echo "unknown scenario $scenario (see --help)" >&2; exit 2 ;;
esac

cleanup() {
  stop_platform "$work"
  mkdir -p /tmp/probono-faults-last
  cp "$work"/*.log "$work"/*.json /tmp/probono-faults-last/ 2>/dev/null || true
  [ $keep = 1 ] && echo "work folder kept: $work" || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cd "$faults_root"
if [ $build = 1 ]; then
  log "building in Release"
  for project in services/Recruitment services/Needs services/Teams services/Feedback gateway tools/ProBono.Faults; do
    dotnet build -c Release "$project" -v q -nologo | grep -E " error |rror\(s\)" || true
  done
fi
start_platform "$work"

log "scenario $scenario: $registrations registrations at $rate/s"
status=0
dotnet tools/ProBono.Faults/bin/Release/net10.0/ProBono.Faults.dll --gateway "http://127.0.0.1:$gw_port" --pg-port "$pg_port" \
  --pg-password "$pg_password" --registrations "$registrations" --rate "$rate" --partners "$partners" --fault-at "$fault_at" \
  --scenario "$scenario" --out "$work/$scenario.json" "${fault[@]}" || status=$?

# what the inboxes dropped as repeats (IdempotentConsumer logs each at Information): with DeliverTwice, one per message
for name in teams feedback; do
  echo "$name: VolunteerConfirmed repeats dropped by the inbox: $(grep -c 'VolunteerConfirmed [0-9a-f-]* was already applied' "$work/$name.log" || true)"
done
if [ ${#replicas[@]} -gt 0 ]; then
  cat "$work/relay.log" 2>/dev/null || echo "relay: no replica was killed"
  # after the restart, one relay again, whichever replica holds it
  holders=$(relay_holders | tr '\n' ' ')
  echo "relay held at the end by: ${holders:-nobody}" | tee -a "$work/relay.log"
  [ "$(wc -w <<< "$holders")" = 1 ] || status=1
  # registration calls (single and bulk) each replica answered, per start of the process (a killed one was started twice)
  for name in recruitment "${replicas[@]}"; do
    echo "$name answered registration calls: $(awk '/^--- start/ { runs++; calls[runs] = 0 }
      /Request finished HTTP\/1.1 POST http[^ ]*\/api\/marathons\/[^ ]*\/volunteers/ { calls[runs]++ }
      END { for (r = 1; r <= runs; r++) printf "%s%d", (r > 1 ? ", then " : ""), calls[r]; print " (per start)" }' "$work/$name.log")" | tee -a "$work/relay.log"
  done
fi
log "scenario $scenario: $([ $status = 0 ] && echo PASSED || echo FAILED) (logs in /tmp/probono-faults-last)"
exit $status
