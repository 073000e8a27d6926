#!/bin/bash
# Entrypoint of localhost/probono-rabbitmq:3.10 (copied to /usr/local/bin/docker-entrypoint.sh).
# Honours RABBITMQ_DEFAULT_USER / RABBITMQ_DEFAULT_PASS / RABBITMQ_DEFAULT_VHOST (defaults guest/guest, /),
# logs to stdout, loopback_users = none, AMQP on 5672. Extra arguments are ignored by rabbitmq-server
# unless the first one is an executable (then it is run instead, like the official image).
set -Eeo pipefail
if [ "${1:0:1}" = '-' ]; then set -- rabbitmq-server "$@"; fi

if [ "$1" = rabbitmq-server ]; then
  shift
  export HOME=/var/lib/rabbitmq
  conf=/etc/rabbitmq/rabbitmq.conf
  if [ "$(id -u)" = 0 ]; then
    {
      echo "loopback_users = none"
      echo "listeners.tcp.default = 5672"
      echo "log.console = true"
      echo "log.console.level = ${RABBITMQ_LOG_LEVEL:-info}"
      echo "log.file = false"
      echo "default_user = ${RABBITMQ_DEFAULT_USER:-guest}"
      echo "default_pass = ${RABBITMQ_DEFAULT_PASS:-guest}"
      echo "default_vhost = ${RABBITMQ_DEFAULT_VHOST:-/}"
    } > "$conf"
    # Same cookie for the server (user rabbitmq) and for `podman exec ... rabbitmqctl|rabbitmq-diagnostics` (root).
    if [ ! -s /var/lib/rabbitmq/.erlang.cookie ]; then
      head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' | tr a-f A-Z | head -c 20 > /var/lib/rabbitmq/.erlang.cookie
    fi
    cp /var/lib/rabbitmq/.erlang.cookie /root/.erlang.cookie
    chown rabbitmq:rabbitmq /var/lib/rabbitmq/.erlang.cookie "$conf"
    chmod 400 /var/lib/rabbitmq/.erlang.cookie /root/.erlang.cookie
    mkdir -p /var/lib/rabbitmq/mnesia /var/log/rabbitmq
    chown -R rabbitmq:rabbitmq /var/lib/rabbitmq /var/log/rabbitmq
    exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups env HOME=/var/lib/rabbitmq \
      /usr/lib/rabbitmq/bin/rabbitmq-server "$@"
  fi
  exec /usr/lib/rabbitmq/bin/rabbitmq-server "$@"
fi

exec "$@"
