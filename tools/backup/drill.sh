#!/usr/bin/env bash
# The restore drill: boots the platform on fresh local servers, runs registrations through the gateway and takes a
# backup (backup.sh) in the middle of them, stops the platform, restores into a new data directory (restore.sh),
# boots on it and checks that nothing acknowledged before the backup is lost, that the read models agree with the
# streams, what the relay published again, and that the services take writes again. Exit code 1 when a check fails.
#
#   tools/backup/drill.sh                       # 5,000 registrations
#   tools/backup/drill.sh --registrations 500   # the small one .ci/run runs
#
# Options: --registrations N (5000), --concurrency N (16 parallel callers), --replay-seconds N (restore.sh's window, 30 here: the consumers keep up within seconds),
# and tools/bench's --gateway-port (5380 here), --pg-port (55532), --mq-port (55772), --dashboard-port (15380),
# --smtp-port (2625), --mail-web-port (5125), --no-build, --apphost-arg ARG. Ports differ from the default platform's
# so that the drill runs beside it. The figures and logs of the last run stay in /tmp/probono-drill-last.
# Needs: dotnet, psql and pg_basebackup (postgresql-client), curl; the README's set-up for the local servers.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../bench/lib.sh
source "$root/tools/bench/lib.sh"   # boot, stop_platform and the shared options
gw_port=5380 pg_port=55532 mq_port=55772 dashboard_port=15380 smtp_port=2625 mail_web_port=5125
registrations=5000 concurrency=16 replay=30
while [ $# -gt 0 ]; do
  bench_option "$@" && { shift "$consumed"; continue; }
  case "$1" in
    --registrations) registrations=$2; shift ;;
    --concurrency) concurrency=$2; shift ;;
    --replay-seconds) replay=$2; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
bench_prepare drill /tmp/probono-drill-last dotnet psql pg_basebackup curl
# the local RabbitMQ starts an epmd daemon that outlives the platform: one on a port of the drill's, stopped at the end
epmd_port=$((mq_port - 10000 + 1))
port_free "$epmd_port" || { echo "port $epmd_port (the drill's epmd) is in use" >&2; exit 1; }
apphost_args+=("--Infra:Local:RabbitMqEpmdPort=$epmd_port")
stop_epmd() {
  local pid
  for pid in $(ss -ltnpH "sport = :$epmd_port" | grep -o 'epmd",pid=[0-9]*' | cut -d= -f2 | sort -u); do kill "$pid" 2>/dev/null || true; done
}
# errexit off in here: a failed step must not skip the clean-up after it
trap 'status=$?; set +e; [ $status = 0 ] || keep_service_logs at-exit; bench_cleanup; stop_epmd' EXIT
export PGPASSWORD=$pg_password
gw="http://127.0.0.1:$gw_port"
drill_start=$SECONDS
failures=0
check() { # check WHAT OK: prints and counts
  if [ "$2" = 1 ]; then echo "  ok    $1"; else echo "  FAIL  $1"; failures=$((failures + 1)); fi
}
# each service's database and the schema of its tables bear its name
sql() { PGOPTIONS="-c search_path=$1,public" psql -X -qAt -h 127.0.0.1 -p "$pg_port" -U postgres -d "$1" -c "$2"; }
keep_service_logs() { # keep_service_logs TAG: the services' output, from DCP's folder (gone with the boot), as service-NAME-TAG.log
  local dcp f name id
  dcp=$( (ps -o args= -p "$(boot_processes | paste -sd, -)" 2>/dev/null || true) | { grep -o -- '--kubeconfig [^ ]*' || true; } | head -n 1 | cut -d' ' -f2)
  [ -n "$dcp" ] || return 0
  for f in "$(dirname "$dcp")"/resource-executable-*.log; do
    name=$(grep -o '"Executable": "/[a-z]*-' "$f" 2>/dev/null | head -n 1 | sed 's/.*"\/\(.*\)-$/\1/') || true
    case "$name" in recruitment|needs|teams|feedback|gateway) ;; *) continue ;; esac
    id=${f##*/resource-executable-} id=${id%.log}
    cat "$(dirname "$dcp")/${id}_out" "$(dirname "$dcp")/${id}_err" > "$work/service-$name-$1.log" 2>/dev/null || true
  done
}

cd "$root"
if [ $build = 1 ]; then
  log "building in Release"
  dotnet build -c Release AppHost -v q -nologo
  dotnet build -c Release tools/ProBono.Token -v q -nologo
fi
token() { dotnet "$root/tools/ProBono.Token/bin/Release/net10.0/probono-token.dll" "$@"; }
staff=$(token staff) acme=$(token partner acme)
call() { # call METHOD PATH TOKEN [BODY]: the body of the answer, its status on the last line
  curl -sS -X "$1" -H "Authorization: Bearer $3" -H 'Content-Type: application/json' ${4:+--data "$4"} -w '\n%{http_code}' "$gw$2"
}

# 1. the platform on fresh servers, a marathon, registrations, a backup in their middle
boot 0.1 before
log "scheduling a marathon (ACME, a quota above the registrations) and opening its registration"
answer=$(call POST /admin/recruitment/marathons "$staff" "{\"name\":\"Restore drill\",\"venue\":\"Paris La Défense\",\"date\":\"2030-11-16\",\"registrationDeadline\":\"2030-11-01\",\"hourlyValueEur\":80,\"partners\":[{\"partnerId\":\"acme\",\"name\":\"ACME\",\"quota\":$((registrations * 2))}]}")
[ "$(tail -n 1 <<<"$answer")" = 201 ] || { echo "scheduling failed: $answer" >&2; exit 1; }
mid=$(head -n -1 <<<"$answer" | grep -o '"marathonId":"[^"]*"' | cut -d'"' -f4)
[ "$(call POST "/admin/recruitment/marathons/$mid/open-registration" "$staff" | tail -n 1)" = 200 ] || { echo "opening failed" >&2; exit 1; }

log "$registrations registrations through the gateway, $concurrency callers; the backup starts at half of them"
register() { # register WORKER: every concurrency-th employee; one line per answer: ref status epoch-seconds-at-answer
  local i code
  for ((i = $1; i <= registrations; i += concurrency)); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $acme" -H 'Content-Type: application/json' \
      --data "{\"employeeRef\":\"D$i\",\"firstName\":\"Drill\",\"lastName\":\"N$i\",\"email\":\"d$i@acme.example\",\"skills\":[\"data\"],\"leadCapable\":false,\"causePreferences\":[]}" \
      "$gw/api/marathons/$mid/volunteers" || echo 000)
    echo "D$i $code $EPOCHREALTIME"
  done > "$work/answers-$1.txt"
}
load_start=$EPOCHREALTIME
workers=()
for ((w = 1; w <= concurrency; w++)); do register "$w" & workers+=($!); done
until [ "$(cat "$work"/answers-*.txt 2>/dev/null | grep -c ' 201 ')" -ge $((registrations / 2)) ]; do sleep 0.2; done
backup_start=$EPOCHREALTIME
bash "$root/tools/backup/backup.sh" --port "$pg_port" "$work/backup" | tee "$work/backup.log"
backup_end=$EPOCHREALTIME
for pid in "${workers[@]}"; do wait "$pid"; done
load_end=$EPOCHREALTIME
cat "$work"/answers-*.txt > "$work/answers.txt"
acked=$(grep -c ' 201 ' "$work/answers.txt" || true)
awk -v t="$backup_start" '$2 == 201 && $3 < t { print $1 }' "$work/answers.txt" | sort > "$work/acked-before.txt"
acked_before=$(wc -l < "$work/acked-before.txt")
rate=$(awk -v n="$acked" -v a="$load_start" -v b="$load_end" 'BEGIN { printf "%.0f", n / (b - a) }')
echo "$acked of $registrations acknowledged (201) at $rate/s; $acked_before before the backup started; backup took $(awk -v a="$backup_start" -v b="$backup_end" 'BEGIN { printf "%.1f", b - a }') s"

# the figures before the stop: what the relay had published, how far history went
wait_relays() { # until each service's relay has caught up with its event store (no row: at 0, Marten's "from the start")
  local db started=$SECONDS
  for db in recruitment needs teams; do  # Feedback publishes nothing
    until [ "$(sql "$db" "SELECT coalesce((SELECT max(seq_id) FROM mt_events), 0) - coalesce((SELECT last_seq_id FROM mt_event_progression WHERE name LIKE 'IntegrationEventRelay%'), 0)" 2>/dev/null || echo 1)" -le 0 ]; do
      [ $((SECONDS - started)) -lt 180 ] || { echo "the relay of $db did not catch up in 180 s" >&2; return 1; }
      sleep 1
    done
  done
}
wait_relays
events_before_stop=$(sql recruitment "SELECT max(seq_id) FROM mt_events")
keep_service_logs before
stop_platform

# 2. restore into a new data directory, 3. the platform on it with a fresh broker
log "restoring into $work/data-after (a new PostgreSQL data directory; a new, empty RabbitMQ)"
restore_start=$SECONDS
bash "$root/tools/backup/restore.sh" --replay-seconds "$replay" "$work/backup" "$work/data-after/postgres" | tee "$work/restore.log"
restore_secs=$((SECONDS - restore_start))
restored_head=$(awk -F'[ :]' '/^recruitment: relay rewound/ { print $6 }' "$work/restore.log")
rewound_to=$(awk '/^recruitment: relay rewound/ { print $7 }' "$work/restore.log" | tr -d ':')
restored_at=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
boot 0.1 after

# 4. the checks
log "checks"
relays=1
wait_relays || relays=0
sql recruitment "SELECT * FROM mt_event_progression ORDER BY name" > "$work/progression-after.log" 2>&1 || true
check "each relay caught up with its event store after the restore (Recruitment's at $(sql recruitment "SELECT last_seq_id FROM mt_event_progression WHERE name LIKE 'IntegrationEventRelay%'") of $(sql recruitment "SELECT max(seq_id) FROM mt_events"))" $relays
head_after=$(sql recruitment "SELECT max(seq_id) FROM mt_events")
present=$(sql recruitment "SELECT data->>'employeeRef' FROM mt_doc_volunteer WHERE data->>'marathonId' = '$mid'" 2>/dev/null | sort || true)
if [ -z "$present" ]; then  # the document's table name: whatever holds employeeRef
  table=$(sql recruitment "SELECT table_name FROM information_schema.columns WHERE table_name LIKE 'mt_doc_%volunteer%' AND column_name = 'data' ORDER BY 1 LIMIT 1")
  present=$(sql recruitment "SELECT data->>'employeeRef' FROM $table WHERE data->>'marathonId' = '$mid'" | sort)
fi
printf '%s\n' "$present" | sed '/^$/d' > "$work/present.txt"
missing=$(comm -23 "$work/acked-before.txt" "$work/present.txt" | wc -l)
restored=$(wc -l < "$work/present.txt")
check "every registration acknowledged before the backup is there ($acked_before acknowledged before, $missing missing; $restored of the $acked acknowledged in all are restored)" $([ "$missing" = 0 ] && echo 1 || echo 0)

marathon=$(call GET "/api/marathons/$mid" "$staff" | head -n -1)
# ACME's confirmed and waitlisted (the only partner)
roster=$(grep -oE '"(confirmed|waitlisted)":[0-9]+' <<<"$marathon" | awk -F: '{ n += $2 } END { print n + 0 }')
registered_events=$(sql recruitment "SELECT count(*) FROM mt_events WHERE type LIKE '%registered%' AND stream_id IN (SELECT id FROM mt_streams)" )
check "the roster agrees with the volunteer documents (roster $roster, documents $restored)" $([ "$roster" = "$restored" ] && echo 1 || echo 0)
listed=$(call GET "/api/marathons/$mid/volunteers?pageSize=1" "$staff" | head -n -1 | grep -oE '"total":[0-9]+' | cut -d: -f2)
check "the volunteers' list agrees with the documents (list $listed)" $([ "$listed" = "$restored" ] && echo 1 || echo 0)
check "one registration event per volunteer document (events whose type says registered: $registered_events)" $([ "$registered_events" -ge "$restored" ] && echo 1 || echo 0)

# Teams and Feedback hold a copy of each confirmed volunteer: after the relay's replay they agree with Recruitment
copies() { sql "$1" "SELECT count(*) FROM $(sql "$1" "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'mt_doc_volunteerfor%' LIMIT 1") WHERE data->>'marathonId' = '$mid'"; }
teams_copies=0 feedback_copies=0 started=$SECONDS
while [ $((SECONDS - started)) -lt 120 ]; do
  teams_copies=$(copies teams) feedback_copies=$(copies feedback)
  [ "$teams_copies" = "$restored" ] && [ "$feedback_copies" = "$restored" ] && break
  sleep 2
done
check "Teams' and Feedback's copies agree with Recruitment (Teams $teams_copies, Feedback $feedback_copies, Recruitment $restored)" \
  $([ "$teams_copies" = "$restored" ] && [ "$feedback_copies" = "$restored" ] && echo 1 || echo 0)

republished=$((head_after - ${rewound_to:-0}))
history=$head_after
check "the relay published again the replay window only ($republished of $history events of Recruitment; the window is the last $replay s before the backup)" \
  $([ "$republished" -le "$history" ] && echo 1 || echo 0)
# an inbox row is written with the changes of the message it records, once per message id: the rows written since the
# restore are the messages the copy had not applied; every other republished message was dropped as a repeat
inbox_since_restore() { sql "$1" "SELECT count(*) FROM mt_doc_processedmessage WHERE mt_last_modified >= timestamptz '$restored_at'"; }
teams_applied=$(inbox_since_restore teams) feedback_applied=$(inbox_since_restore feedback)
check "the inboxes applied only what the copy lacked (since the restore: Teams $teams_applied messages, Feedback $feedback_applied, of $republished republished events; copies as above)" \
  $([ "$teams_applied" -le "$republished" ] && [ "$feedback_applied" -le "$republished" ] && echo 1 || echo 0)

after=$(call POST "/api/marathons/$mid/volunteers" "$acme" '{"employeeRef":"AFTER-RESTORE","firstName":"Ada","lastName":"Lovelace","email":"after@acme.example","skills":["data"],"leadCapable":false,"causePreferences":[]}' | tail -n 1)
check "a new registration after the restore answers 201 (answered $after)" $([ "$after" = 201 ] && echo 1 || echo 0)

keep_service_logs after
cat > "$work/drill.json" <<JSON
{ "registrations": $registrations, "concurrency": $concurrency, "acknowledged": $acked, "acknowledgedBeforeBackup": $acked_before,
  "registrationsPerSecond": $rate, "restored": $restored, "missing": $missing, "roster": $roster,
  "teamsCopies": $teams_copies, "feedbackCopies": $feedback_copies, "recruitmentEventsBeforeStop": $events_before_stop,
  "recruitmentEventsAfterRestore": $history, "relayRewoundTo": ${rewound_to:-0}, "republished": $republished,
  "teamsAppliedAfterRestore": $teams_applied, "feedbackAppliedAfterRestore": $feedback_applied,
  "restoreSeconds": $restore_secs, "drillSeconds": $((SECONDS - drill_start)), "failures": $failures }
JSON
cat "$work/drill.json"
log "drill done in $((SECONDS - drill_start)) s: $failures check(s) failed"
[ "$failures" = 0 ]
