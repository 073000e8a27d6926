# Sourced by postgres.sh and rabbitmq.sh (after they set $data): `serve STOP_SIGNAL COMMAND...` runs their server.
#
# By default it execs COMMAND: the AppHost's local mode, where DCP owns the process.
# With PROBONO_TETHERED=1 (the integration tests' private servers) the server lives no longer than the caller: it runs
# in a session of its own and this script stays, watching its stdin. When the caller exits its end of that pipe is
# closed by the kernel, even after a SIGKILL, so end of file means the caller is gone; INT, TERM and HUP (Ctrl+C) count
# the same. Then STOP_SIGNAL goes to the server's whole process group, the script waits until none of it is left, ends
# its own helpers and deletes the data folder: a tethered server's data is thrown away. A server that exits by itself
# ends the script with its status and keeps its data (a test may start it again on the same folder).

tether_server=
tether_signal=

tether_end_helpers() {
  local helpers
  helpers=$(jobs -p)
  if [ -n "$helpers" ]; then
    # shellcheck disable=SC2086
    kill $helpers 2>/dev/null || true
  fi
  wait 2>/dev/null || true
}

tether_stop() {
  trap '' INT TERM HUP   # a second Ctrl+C must not cut the clean-up short
  if [ -n "$tether_server" ]; then
    kill -"$tether_signal" -- "-$tether_server" 2>/dev/null || true
    wait "$tether_server" 2>/dev/null || true
    # the group's other processes (RabbitMQ's Erlang VM under its start script) go on their own time: wait for them,
    # so that whoever waits for this script finds the ports free
    local i
    for i in $(seq 200); do
      kill -0 -- "-$tether_server" 2>/dev/null || break
      sleep 0.05
    done
  fi
  tether_end_helpers
  if [ -n "$data" ] && [ "$data" != / ]; then
    rm -rf "$data"
  fi
  exit 0
}

tethered() { [ "${PROBONO_TETHERED:-}" = 1 ]; }

# from the start: a Ctrl+C during initdb or the node's preparation cleans up too
if tethered; then
  trap tether_stop INT TERM HUP
fi

serve() {
  local signal=$1
  shift
  if ! tethered; then
    exec "$@"
  fi
  tether_signal=$signal
  # not a process group leader (no job control here), so setsid does not fork: $! is the server and its group
  setsid "$@" </dev/null &
  tether_server=$!
  cat >/dev/null <&0 &
  local caller=$! ended= status=0
  wait -n -p ended "$tether_server" "$caller" || status=$?
  if [ "$ended" = "$tether_server" ]; then
    tether_server=
    tether_end_helpers
    exit "$status"
  fi
  tether_stop
}
