# The local RabbitMQ server (unless ONEDOOR_AMQP_URL points elsewhere). Sourced by common.sh.

rabbit_env() {
  env RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    RABBITMQ_MNESIA_BASE="$STATE/rabbitmq/mnesia" RABBITMQ_LOG_BASE="$STATE/rabbitmq/log" \
    RABBITMQ_NODENAME="$RABBIT_NODE" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$AMQP_PORT" \
    RABBITMQ_DIST_PORT="$AMQP_DIST_PORT" RABBITMQ_ENABLED_PLUGINS_FILE="$STATE/rabbitmq/enabled_plugins" \
    RABBITMQ_PID_FILE="$STATE/rabbitmq/pid" HOME=/var/lib/rabbitmq "$@"
}
rabbitmqctl_() { (cd / && runuser -u rabbitmq -- "$RABBIT_BIN/rabbitmqctl" -n "$RABBIT_NODE" "$@"); }

start_rabbitmq() {
  [ -z "$EXTERNAL_AMQP" ] || { log "using external RabbitMQ"; return; }
  [ "$(id -u)" = 0 ] || die "starting the local RabbitMQ needs root (or set ONEDOOR_AMQP_URL)"
  mkdir -p "$STATE/rabbitmq/mnesia" "$STATE/rabbitmq/log"
  [ -f "$STATE/rabbitmq/enabled_plugins" ] || echo '[].' > "$STATE/rabbitmq/enabled_plugins"
  chown -R rabbitmq: "$STATE/rabbitmq"
  if rabbitmqctl_ status >/dev/null 2>&1; then
    log "RabbitMQ already running on 127.0.0.1:$AMQP_PORT"
  else
    loopback_epmd
    log "starting RabbitMQ on 127.0.0.1:$AMQP_PORT (takes ~25 s)"
    # Detached with every descriptor redirected, so callers' pipes close when they finish.
    (cd / && rabbit_env setsid runuser -u rabbitmq -- "$RABBIT_BIN/rabbitmq-server") \
      >"$STATE/rabbitmq/log/console.log" 2>&1 </dev/null &
  fi
  # `wait` first waits for the pid file (the node coming up), then for the broker to boot.
  rabbitmqctl_ wait --timeout 120 "$STATE/rabbitmq/pid" >/dev/null \
    || { tail -30 "$STATE/rabbitmq/log/console.log" >&2; die "RabbitMQ did not start"; }
  # Whole listings first: grep -q stopping early would fail the pipe (pipefail).
  local vhosts users; vhosts=$(rabbitmqctl_ list_vhosts -q); users=$(rabbitmqctl_ list_users -q | cut -f1)
  grep -qx onedoor <<<"$vhosts" || rabbitmqctl_ add_vhost onedoor >/dev/null
  grep -qx onedoor <<<"$users" || rabbitmqctl_ add_user onedoor onedoor >/dev/null
  rabbitmqctl_ set_permissions -p onedoor onedoor '.*' '.*' '.*' >/dev/null
  # The services' own users (each rabbitmqctl call takes a second: only when missing).
  grep -qx onedoor-public <<<"$users" || rabbitmq_users services >/dev/null
  rabbitmq_users policies >/dev/null
}

# An epmd that the package install (or an older script) started on every interface is
# replaced by one on loopback, if no node is registered with it.
loopback_epmd() {
  command -v ss >/dev/null 2>&1 || return 0
  ss -ltnH 'sport = :4369' 2>/dev/null | awk '{print $4}' | grep -qv '^127\.0\.0\.1:' || return 0
  if epmd -names 2>/dev/null | grep -q '^name '; then
    log "warning: epmd listens beyond loopback and has nodes registered; leaving it"
  else
    epmd -kill >/dev/null 2>&1 || true
  fi
}

# Least privilege (deploy/rabbitmq/users.sh): the services' users, and logins for outside systems.
rabbitmq_users() {
  RABBITMQCTL="runuser -u rabbitmq -- $RABBIT_BIN/rabbitmqctl -n $RABBIT_NODE" sh "$ROOT/deploy/rabbitmq/users.sh" "$@"
}

stop_rabbitmq() {
  [ -z "$EXTERNAL_AMQP" ] || return 0
  [ -d "$STATE/rabbitmq" ] || return 0
  rabbitmqctl_ shutdown >/dev/null 2>&1 || true
}

