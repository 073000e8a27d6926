#!/usr/bin/env bash
# Runs the machine's own RabbitMQ for Infra:Mode=local as a second node beside any system one:
# its own node name, ports, data, cookie and an empty plugins file. Logs go to stdout (the dashboard).
# usage: rabbitmq.sh DATA_DIR AMQP_PORT DIST_PORT
set -euo pipefail
data=$1 port=$2 dist=$3
server=/usr/lib/rabbitmq/bin/rabbitmq-server
if [ ! -x "$server" ]; then
  echo "RabbitMQ not found at $server: install it with 'apt-get install rabbitmq-server'." >&2
  exit 3
fi
mkdir -p "$data/mnesia" "$data/log"
: > "$data/enabled_plugins"
export HOME="$data"   # its own Erlang cookie
export RABBITMQ_NODENAME="probono$port@localhost"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT="$port"
export RABBITMQ_DIST_PORT="$dist"
export RABBITMQ_MNESIA_BASE="$data/mnesia"
export RABBITMQ_LOG_BASE="$data/log"
export RABBITMQ_LOGS=-
export RABBITMQ_ENABLED_PLUGINS_FILE="$data/enabled_plugins"
export RABBITMQ_CONFIG_FILE="$data/rabbitmq.conf"
export RABBITMQ_ADVANCED_CONFIG_FILE="$data/advanced.config"
export RABBITMQ_CONF_ENV_FILE="$data/rabbitmq-env.conf"
touch "$data/rabbitmq.conf" "$data/rabbitmq-env.conf"
exec "$server"
