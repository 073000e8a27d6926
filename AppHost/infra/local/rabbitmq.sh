#!/usr/bin/env bash
# Runs the machine's own RabbitMQ for Infra:Mode=local as a second node beside any system one:
# its own node name, ports, data, cookie and an empty plugins file. Logs go to stdout (the dashboard).
# Everything it opens listens on loopback only: AMQP, the Erlang distribution port, and an epmd of its own on its own
# port (a machine-wide epmd on 4369, started by another node, may listen on every interface).
# PROBONO_TETHERED=1 ties the node's life to the caller's (tether.sh), its epmd's included.
# usage: rabbitmq.sh DATA_DIR AMQP_PORT DIST_PORT [EPMD_PORT (default DIST_PORT+1)]
# rabbitmqctl for this node reads the same settings from the data folder:
#   HOME=DATA_DIR RABBITMQ_CONF_ENV_FILE=DATA_DIR/rabbitmq-env.conf rabbitmqctl status
set -euo pipefail
data=$1 port=$2 dist=$3 epmd=${4:-$(($3 + 1))}
. "$(dirname "${BASH_SOURCE[0]}")/tether.sh"
server=/usr/lib/rabbitmq/bin/rabbitmq-server
if [ ! -x "$server" ]; then
  echo "RabbitMQ not found at $server: install it with 'apt-get install rabbitmq-server'." >&2
  exit 3
fi
mkdir -p "$data/mnesia" "$data/log"
: > "$data/enabled_plugins"
export HOME="$data"   # its own Erlang cookie
erl_args="-kernel inet_dist_use_interface {127,0,0,1}"
if tethered; then
  # the node would start epmd as a daemon, which outlives everything: run it here, as this script's own child
  ERL_EPMD_ADDRESS=127.0.0.1 epmd -port "$epmd" </dev/null &
  epmd_pid=$!
  until epmd -port "$epmd" -names >/dev/null 2>&1; do
    kill -0 "$epmd_pid" 2>/dev/null || { echo "epmd could not listen on 127.0.0.1:$epmd" >&2; exit 1; }
    sleep 0.05
  done
  erl_args="$erl_args -start_epmd false"
fi
# in the env file, which rabbitmq-server and rabbitmqctl both read, so the CLI finds the node (epmd port) and its own
# distribution listener stays on loopback too
cat > "$data/rabbitmq-env.conf" <<CONF
NODENAME=probono$port@localhost
NODE_IP_ADDRESS=127.0.0.1
NODE_PORT=$port
DIST_PORT=$dist
ERL_EPMD_ADDRESS=127.0.0.1
ERL_EPMD_PORT=$epmd
SERVER_ADDITIONAL_ERL_ARGS="$erl_args"
CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
CONF
export RABBITMQ_MNESIA_BASE="$data/mnesia"
export RABBITMQ_LOG_BASE="$data/log"
export RABBITMQ_LOGS=-
export RABBITMQ_ENABLED_PLUGINS_FILE="$data/enabled_plugins"
export RABBITMQ_CONFIG_FILE="$data/rabbitmq.conf"
export RABBITMQ_ADVANCED_CONFIG_FILE="$data/advanced.config"
export RABBITMQ_CONF_ENV_FILE="$data/rabbitmq-env.conf"
touch "$data/rabbitmq.conf"
# SIGKILL when tethered: the start script and its Erlang VM at once, for data about to be deleted
serve KILL "$server"
