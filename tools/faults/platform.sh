#!/usr/bin/env bash
# The platform of the fault harness, every part a plain process on ports of its own, so a fault is an ordinary
# signal or command: PostgreSQL and RabbitMQ through AppHost/infra/local (as Infra:Mode=local runs them), the four
# services and the gateway from their Release builds. Not the AppHost: its services listen on their launch profiles'
# fixed ports (5181-5184), which another boot on this machine may hold, and DCP does not restart a killed service.
#
# Sourced by run.sh; also run by the fault commands themselves:
#   platform.sh start-service WORK NAME     start one service (again) with the environment it had, wait until healthy
#   platform.sh start-rabbitmq WORK         start the harness's RabbitMQ node (again), wait until it listens
#   platform.sh kill WORK NAME              SIGKILL it
#   platform.sh kill-relay WORK             SIGKILL the Recruitment replica holding the relay, wait for the other to take it
#   platform.sh start-killed-relay WORK     start that replica again
#   platform.sh rabbitmqctl WORK ARGS...    rabbitmqctl against the harness's own node
#   platform.sh stop-postgres WORK MODE     stop PostgreSQL (MODE fast: SIGINT, immediate: SIGQUIT, a crash), wait until gone
#   platform.sh start-postgres WORK         start it again on its data, wait until it accepts connections
set -euo pipefail

faults_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
gw_port=${FAULTS_GATEWAY_PORT:-5280}
pg_port=${FAULTS_PG_PORT:-9632}
mq_port=${FAULTS_MQ_PORT:-9872}
# its Erlang distribution port and epmd next to it (rabbitmq.sh): all below the ephemeral range (32768-60999), where
# an outgoing connection can hold a port (the harness once found 55632 taken and did not start)
mq_dist_port=$((mq_port + 1))
pg_password=probono-local
# the services on the gateway's port + 1 … + 4 (5281-5284 by default), so a second harness can run beside the first
declare -A service_ports=([recruitment]=$((gw_port + 1)) [needs]=$((gw_port + 2)) [teams]=$((gw_port + 3)) [feedback]=$((gw_port + 4))
  [recruitment-b]=${FAULTS_RECRUITMENT_B_PORT:-$((gw_port + 5))})
services=(recruitment needs teams feedback)
# FAULTS_RECRUITMENT_REPLICAS=2: a second Recruitment process, recruitment-b, on the same database and broker, behind the
# gateway with the first (Recruitment:Replicas=2 in the AppHost); one of the two holds the relay (the async daemon's lock)
replicas=()
[ "${FAULTS_RECRUITMENT_REPLICAS:-1}" = 2 ] && replicas=(recruitment-b)

log() { printf '== %s %s\n' "$(date -u +%H:%M:%S)" "$*"; }
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# start_process WORK NAME COMMAND...: in a session of its own (its pid is its group), output in WORK/NAME.log
start_process() {
  local work=$1 name=$2; shift 2
  setsid "$@" >>"$work/$name.log" 2>&1 < /dev/null &
  echo $! > "$work/$name.pid"
}

wait_until() { # wait_until SECONDS WHAT COMMAND...
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || { echo "$what not ready after the deadline" >&2; return 1; }
    sleep 0.2
  done
}

rabbitmqctl_node() {
  local work=$1; shift
  HOME="$work/rabbitmq" RABBITMQ_CONF_ENV_FILE="$work/rabbitmq/rabbitmq-env.conf" /usr/lib/rabbitmq/bin/rabbitmqctl "$@"
}

start_servers() {
  local work=$1
  # a previous run's epmd may linger a while on its port (it refuses to stop while a dying node is registered)
  ERL_EPMD_PORT=$((mq_dist_port + 1)) epmd -kill >/dev/null 2>&1 || true
  local name ports=($gw_port $pg_port $mq_port)
  for name in "${services[@]}" "${replicas[@]}"; do ports+=("${service_ports[$name]}"); done
  for port in "${ports[@]}"; do
    wait_until 30 "port $port free" port_free "$port" || { echo "port $port is in use: another fault run? (FAULTS_*_PORT move the main ones)" >&2; return 1; }
  done
  start_process "$work" postgres bash "$faults_root/AppHost/infra/local/postgres.sh" "$work/postgres" "$pg_port" "$pg_password"
  start_rabbitmq "$work"
  wait_until 60 "PostgreSQL on $pg_port" env PGPASSWORD=$pg_password psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -Atc 'SELECT 1'
  log "PostgreSQL :$pg_port and RabbitMQ :$mq_port up"
}

# the postmaster: postgres.sh execs it, so the pid recorded is the server's own
stop_postgres() {
  local work=$1 mode=$2 pid
  pid=$(cat "$work/postgres.pid")
  case "$mode" in
    fast) kill -INT "$pid" ;;
    immediate) kill -QUIT "$pid" ;;
    *) echo "unknown stop mode $mode (fast, immediate)" >&2; return 2 ;;
  esac
  wait_until 60 "PostgreSQL (pid $pid) gone" bash -c "! kill -0 $pid"
}

start_postgres() {
  local work=$1
  echo "--- start $(date -u +%H:%M:%S.%N)" >> "$work/postgres.log"
  start_process "$work" postgres bash "$faults_root/AppHost/infra/local/postgres.sh" "$work/postgres" "$pg_port" "$pg_password"
  wait_until 60 "PostgreSQL on $pg_port" env PGPASSWORD=$pg_password psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -Atc 'SELECT 1'
}

start_rabbitmq() {
  local work=$1
  start_process "$work" rabbitmq bash "$faults_root/AppHost/infra/local/rabbitmq.sh" "$work/rabbitmq" "$mq_port" "$mq_dist_port"
  wait_until 90 "RabbitMQ on $mq_port" bash -c "exec 3<>/dev/tcp/127.0.0.1/$mq_port"
}

# the service a process runs: recruitment-b is a Recruitment
service_of() { echo "${1%-b}"; }

# the environment a service gets from the AppHost in local mode, plus FAULTS_SERVICE_ENV (e.g. Messaging__Faults__DeliverTwice=true)
service_env() {
  local name=$1 service
  service=$(service_of "$name")
  echo "ASPNETCORE_ENVIRONMENT=Development"
  echo "ASPNETCORE_URLS=http://127.0.0.1:${service_ports[$name]}"
  # the application name tells which replica holds the relay's lock (pg_stat_activity)
  echo "ConnectionStrings__${service}db=Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=$pg_password;Database=$service;Application Name=$name"
  echo "ConnectionStrings__messaging=amqp://guest:guest@127.0.0.1:$mq_port/"
  if [ ${#replicas[@]} -gt 0 ] && [ "$service" = recruitment ]; then
    # each call a replica serves, in its log: the calls each replica took through the gateway are counted from these
    echo "Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics=Information"
  fi
  for setting in ${FAULTS_SERVICE_ENV:-}; do echo "$setting"; done
}

start_service() {
  local work=$1 name=$2 dll service
  service=$(service_of "$name")
  dll=$faults_root/services/${service^}/bin/Release/net10.0/ProBono.${service^}.dll
  [ -f "$dll" ] || { echo "$dll is missing: build in Release first" >&2; return 1; }
  [ -f "$work/$name.env" ] || service_env "$name" > "$work/$name.env"
  local vars=(); mapfile -t vars < "$work/$name.env"
  echo "--- start $(date -u +%H:%M:%S.%N)" >> "$work/$name.log"
  start_process "$work" "$name" env -C "$(dirname "$dll")" "${vars[@]}" dotnet "$dll" # its folder: the content root, appsettings.json
  wait_until 120 "$name on ${service_ports[$name]}" curl -fsS "http://127.0.0.1:${service_ports[$name]}/health"
}

start_gateway() {
  local work=$1 name
  local vars=(ASPNETCORE_ENVIRONMENT=Development "ASPNETCORE_URLS=http://127.0.0.1:$gw_port" Gateway__RateLimit__PermitsPerMinute=1000000000)
  for name in "${services[@]}"; do vars+=("services__${name}__http__0=http://127.0.0.1:${service_ports[$name]}"); done
  # a second replica is a second destination of the cluster (service discovery's endpoint list, as the AppHost gives it)
  for name in "${replicas[@]}"; do vars+=("services__$(service_of "$name")__http__1=http://127.0.0.1:${service_ports[$name]}"); done
  start_process "$work" gateway env -C "$faults_root/gateway/bin/Release/net10.0" "${vars[@]}" dotnet ProBono.Gateway.dll
  wait_until 60 "gateway on $gw_port" curl -fsS "http://127.0.0.1:$gw_port/health"
}

start_platform() {
  local work=$1 name
  start_servers "$work"
  local starting=()
  for name in "${services[@]}"; do start_service "$work" "$name" & starting+=($!); done
  wait "${starting[@]}" || true # only these: the servers are background children too
  for name in "${services[@]}"; do curl -fsS -o /dev/null "http://127.0.0.1:${service_ports[$name]}/health" || { echo "$name did not start; see $work/$name.log" >&2; return 1; }; done
  # once the first has created Recruitment's schema (two replicas starting on an empty database race to create it)
  for name in "${replicas[@]}"; do start_service "$work" "$name"; done
  start_gateway "$work"
  log "platform up: gateway http://127.0.0.1:$gw_port, $(for name in "${services[@]}" "${replicas[@]}"; do printf '%s :%s, ' "$name" "${service_ports[$name]}"; done)"
}

# the Recruitment replicas holding an advisory lock: the async daemon's (HotCold) leadership, so the relay; one a line
relay_holders() {
  PGPASSWORD=$pg_password psql -h 127.0.0.1 -p "$pg_port" -U postgres -d recruitment -Atc "
    select distinct a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid
    where l.locktype = 'advisory' and l.granted and a.datname = current_database() and a.application_name like 'recruitment%'
    order by 1"
}

relay_held_by() { [ "$(relay_holders)" = "$1" ]; }
one_relay_holder() { local holders; holders=$(relay_holders); [ -n "$holders" ] && [ "$(wc -l <<< "$holders")" = 1 ]; }

# SIGKILL the replica holding the relay, then wait until the other holds it (the fault command fails if it never does)
kill_relay() {
  local work=$1 holder survivor t0 t1
  wait_until 60 "exactly one Recruitment replica holding the relay" one_relay_holder \
    || { echo "relay holders: $(relay_holders | tr '\n' ' ')" >&2; return 1; }
  holder=$(relay_holders)
  [ "$holder" = recruitment ] && survivor=recruitment-b || survivor=recruitment
  echo "$holder" > "$work/killed-relay"
  t0=$(date +%s.%N)
  kill -KILL -- "-$(cat "$work/$holder.pid")"
  wait_until 60 "$survivor taking over the relay" relay_held_by "$survivor"
  t1=$(date +%s.%N)
  echo "relay: $holder (holding it) SIGKILLed at $(date -u +%H:%M:%S); $survivor held it $(echo "$t1 - $t0" | bc) s later" | tee -a "$work/relay.log"
}

# every process of the run, by the pids it recorded (each the leader of its own session)
stop_platform() {
  local work=$1 file pid
  # the node first (its epmd, started daemonised in a session of its own, is not in any recorded group)
  [ -f "$work/rabbitmq.pid" ] && timeout 30 bash -c "$(declare -f rabbitmqctl_node); rabbitmqctl_node '$work' stop" >/dev/null 2>&1 || true
  ERL_EPMD_PORT=$((mq_dist_port + 1)) epmd -kill >/dev/null 2>&1 || true
  for file in "$work"/*.pid; do
    [ -f "$file" ] || continue
    pid=$(cat "$file")
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
  for _ in $(seq 1 40); do
    local alive=0
    for file in "$work"/*.pid; do [ -f "$file" ] && kill -0 "$(cat "$file")" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.5
  done
  for file in "$work"/*.pid; do [ -f "$file" ] && kill -KILL -- "-$(cat "$file")" 2>/dev/null || true; done
  # the node's epmd refuses to stop while the node is registered: again, until its port is free
  for _ in $(seq 1 30); do
    port_free $((mq_dist_port + 1)) && break
    ERL_EPMD_PORT=$((mq_dist_port + 1)) epmd -kill >/dev/null 2>&1 || true
    sleep 0.5
  done
  return 0
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  command=$1 work=$2; shift 2
  case "$command" in
    start-service) start_service "$work" "$1" ;;
    start-rabbitmq) start_rabbitmq "$work" ;;
    kill) kill -KILL -- "-$(cat "$work/$1.pid")" ;; # its whole group: rabbitmq-server runs the node as a child
    kill-relay) kill_relay "$work" ;;
    start-killed-relay) start_service "$work" "$(cat "$work/killed-relay")" ;;
    rabbitmqctl) rabbitmqctl_node "$work" "$@" ;;
    stop-postgres) stop_postgres "$work" "${1:-fast}" ;;
    start-postgres) start_postgres "$work" ;;
    *) echo "unknown command $command" >&2; exit 2 ;;
  esac
fi
