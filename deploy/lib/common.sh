# Shared by deploy/run, deploy/stop and deploy/test. Source it; do not run it.
# One "instance" (run or test) = its own ports, state folder, servers and services.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
INSTANCE=${ONEDOOR_INSTANCE:-run}
case "$INSTANCE" in
  run)  PORT_BASE=0 ;;
  test) PORT_BASE=10 ;;
  *) echo "ONEDOOR_INSTANCE must be run or test" >&2; exit 2 ;;
esac

PG_PORT=${ONEDOOR_PG_PORT:-$((5442 + PORT_BASE))}
AMQP_PORT=${ONEDOOR_AMQP_PORT:-$((5682 + PORT_BASE))}
AMQP_DIST_PORT=$((25682 + PORT_BASE))
RABBIT_NODE="onedoor-$INSTANCE@localhost"
if [ "$INSTANCE" = test ]; then HTTP_BASE=18080; else HTTP_BASE=8080; fi
SERVICES=(intake routing department review followup reports)
# The run instance is built optimised (what operators run and the benchmarks
# measure); the test instance in debug, which builds faster and keeps assertions.
# ONEDOOR_BUILD=debug|release overrides.
if [ "$INSTANCE" = run ]; then BUILD_CONFIG=${ONEDOOR_BUILD:-release}; else BUILD_CONFIG=${ONEDOOR_BUILD:-debug}; fi
case "$BUILD_CONFIG" in debug|release) ;; *) echo "ONEDOOR_BUILD must be debug or release" >&2; exit 2 ;; esac

# External servers: a URL other than this instance's own means nothing is
# installed or started locally for it. (The scripts export their own URLs, so a
# script called from a test still manages the local servers.)
LOCAL_PG_URL=postgresql://onedoor:onedoor@127.0.0.1:$PG_PORT/onedoor
LOCAL_AMQP_URL=amqp://onedoor:onedoor@127.0.0.1:$AMQP_PORT/onedoor
EXTERNAL_PG=; EXTERNAL_AMQP=
[ "${ONEDOOR_POSTGRES_URL:-$LOCAL_PG_URL}" = "$LOCAL_PG_URL" ] || EXTERNAL_PG=yes
[ "${ONEDOOR_AMQP_URL:-$LOCAL_AMQP_URL}" = "$LOCAL_AMQP_URL" ] || EXTERNAL_AMQP=yes
export ONEDOOR_POSTGRES_URL=${ONEDOOR_POSTGRES_URL:-$LOCAL_PG_URL}
export ONEDOOR_AMQP_URL=${ONEDOOR_AMQP_URL:-$LOCAL_AMQP_URL}
# The gateway (nginx) is the one entry point; each service has its own port behind it.
export ONEDOOR_GATEWAY_PORT=$HTTP_BASE
export ONEDOOR_INTAKE_PORT=$((HTTP_BASE + 1)) ONEDOOR_ROUTING_PORT=$((HTTP_BASE + 2))
export ONEDOOR_DEPARTMENT_PORT=$((HTTP_BASE + 3)) ONEDOOR_REVIEW_PORT=$((HTTP_BASE + 4))
export ONEDOOR_FOLLOWUP_PORT=$((HTTP_BASE + 5)) ONEDOOR_REPORTS_PORT=$((HTTP_BASE + 6))

PG_BIN=/usr/lib/postgresql/15/bin
RABBIT_BIN=/usr/lib/rabbitmq/bin

log() { printf '\033[1m[onedoor %s]\033[0m %s\n' "$INSTANCE" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# The state folder holds server data, logs and pids. The servers run as their
# own users, so it must be reachable by them: under the clone if it can be,
# else under /var/lib/onedoor.
state_dir() {
  local preferred="$ROOT/.local/$INSTANCE"
  if [ -n "${ONEDOOR_STATE_DIR:-}" ]; then echo "$ONEDOOR_STATE_DIR/$INSTANCE"; return; fi
  mkdir -p "$preferred"
  if id postgres >/dev/null 2>&1 && ! runuser -u postgres -- test -x "$preferred" 2>/dev/null; then
    echo "/var/lib/onedoor/$(echo "$ROOT" | md5sum | cut -c1-8)/$INSTANCE"
  else
    echo "$preferred"
  fi
}

service_port() {
  local name=$1 upper; upper=$(echo "$name" | tr '[:lower:]' '[:upper:]')
  local var="ONEDOOR_${upper}_PORT"; echo "${!var}"
}

# --- packages -------------------------------------------------------------
ensure_packages() {
  local missing=()
  dpkg -s librabbitmq-dev >/dev/null 2>&1 || missing+=(librabbitmq-dev)
  dpkg -s libpq-dev >/dev/null 2>&1 || missing+=(libpq-dev)
  [ -n "$EXTERNAL_PG" ] || dpkg -s postgresql-15 >/dev/null 2>&1 || missing+=(postgresql-15)
  [ -n "$EXTERNAL_AMQP" ] || dpkg -s rabbitmq-server >/dev/null 2>&1 || missing+=(rabbitmq-server)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v nginx >/dev/null 2>&1 || missing+=(nginx-light)
  command -v envsubst >/dev/null 2>&1 || missing+=(gettext-base)
  if [ "${#missing[@]}" -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "missing Debian packages (${missing[*]}); install them as root"
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # The packages' own init scripts must not start system-wide servers.
    local policy=/usr/sbin/policy-rc.d created_policy=
    if [ ! -e $policy ]; then printf '#!/bin/sh\nexit 101\n' > $policy; chmod +x $policy; created_policy=1; fi
    apt-get install -y -qq "${missing[@]}" >/dev/null
    [ -z "$created_policy" ] || rm -f $policy
  fi
  command -v swift >/dev/null 2>&1 || [ -x /opt/swift/usr/bin/swift ] || die "Swift 6 is not installed"
  command -v swift >/dev/null 2>&1 || export PATH=/opt/swift/usr/bin:$PATH
}

# The Python packages the end-to-end tests and the benchmarks use (pika, psycopg, …).
ensure_python_packages() {
  python3 -c 'import pika, psycopg, requests, jsonschema, pytest' 2>/dev/null && return
  log "installing the Python packages of Tests/EndToEnd/requirements.txt"
  python3 -m pip install -q --disable-pip-version-check -r "$ROOT/Tests/EndToEnd/requirements.txt"
}

# One Debian package a single script needs (a test or benchmark tool), saying why.
ensure_package() {
  local package=$1 why=$2
  dpkg -s "$package" >/dev/null 2>&1 && return
  [ "$(id -u)" = 0 ] || die "install $package (apt-get install $package): $why"
  log "installing $package ($why)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
}

# --- PostgreSQL -------------------------------------------------------------
as_postgres() { (cd / && runuser -u postgres -- "$@"); }

start_postgres() {
  [ -z "$EXTERNAL_PG" ] || { log "using external PostgreSQL"; return; }
  [ "$(id -u)" = 0 ] || die "starting the local PostgreSQL needs root (or set ONEDOOR_POSTGRES_URL)"
  local data="$STATE/postgres" sock="$STATE/pgsock"
  mkdir -p "$data" "$sock"; chown postgres: "$data" "$sock"; chmod 700 "$data"
  if [ ! -s "$data/PG_VERSION" ]; then
    log "initialising PostgreSQL in $data"
    as_postgres "$PG_BIN/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  fi
  if as_postgres "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    log "PostgreSQL already running on 127.0.0.1:$PG_PORT"
  else
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    as_postgres "$PG_BIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $sock -c max_connections=200" start >/dev/null \
      || { tail -20 "$data/server.log" >&2; die "PostgreSQL did not start"; }
  fi
  local createdb=NOCREATEDB; [ "$INSTANCE" = test ] && createdb=CREATEDB
  as_postgres psql -q -h "$sock" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 <<SQL >/dev/null
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'onedoor') THEN
    CREATE ROLE onedoor LOGIN PASSWORD 'onedoor' $createdb;
  END IF;
END \$\$;
-- Least privilege: each service logs in as its own role; migration 0010 grants what it owns and reads.
DO \$\$ DECLARE name text; BEGIN
  FOREACH name IN ARRAY ARRAY[$(printf "'%s'," "${SERVICES[@]}" | sed 's/,$//')] LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'onedoor_' || name) THEN
      EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', 'onedoor_' || name, 'onedoor');
    END IF;
  END LOOP;
END \$\$;
SELECT 'CREATE DATABASE onedoor OWNER onedoor' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'onedoor')
\gexec
SQL
}

stop_postgres() {
  [ -z "$EXTERNAL_PG" ] || return 0
  [ -s "$STATE/postgres/PG_VERSION" ] || return 0
  as_postgres "$PG_BIN/pg_ctl" -D "$STATE/postgres" -m fast -w stop >/dev/null 2>&1 || true
}

# --- RabbitMQ ---------------------------------------------------------------
# Erlang distribution and epmd listen on loopback only (the CLI tools reach the node there).
export ERL_EPMD_ADDRESS=127.0.0.1
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
  grep -qx onedoor-followup <<<"$users" || rabbitmq_users services >/dev/null
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

# --- the gateway (nginx on the entry port) ----------------------------------
start_gateway() {
  local dir="$STATE/gateway"
  mkdir -p "$dir/tmp" "$STATE/logs"
  chown nobody: "$dir/tmp" 2>/dev/null || true
  ONEDOOR_GATEWAY_LISTEN="127.0.0.1:$ONEDOOR_GATEWAY_PORT" \
  ONEDOOR_INTAKE_UPSTREAM="127.0.0.1:$ONEDOOR_INTAKE_PORT" \
  ONEDOOR_ROUTING_UPSTREAM="127.0.0.1:$ONEDOOR_ROUTING_PORT" \
  ONEDOOR_DEPARTMENT_UPSTREAM="127.0.0.1:$ONEDOOR_DEPARTMENT_PORT" \
  ONEDOOR_REVIEW_UPSTREAM="127.0.0.1:$ONEDOOR_REVIEW_PORT" \
  ONEDOOR_FOLLOWUP_UPSTREAM="127.0.0.1:$ONEDOOR_FOLLOWUP_PORT" \
  ONEDOOR_REPORTS_UPSTREAM="127.0.0.1:$ONEDOOR_REPORTS_PORT" \
  ONEDOOR_GATEWAY_ACCESS_LOG="$STATE/logs/gateway-access.log" \
    envsubst '${ONEDOOR_GATEWAY_LISTEN} ${ONEDOOR_GATEWAY_ACCESS_LOG} ${ONEDOOR_INTAKE_UPSTREAM} ${ONEDOOR_ROUTING_UPSTREAM} ${ONEDOOR_DEPARTMENT_UPSTREAM} ${ONEDOOR_REVIEW_UPSTREAM} ${ONEDOOR_FOLLOWUP_UPSTREAM} ${ONEDOOR_REPORTS_UPSTREAM}' \
    < "$ROOT/deploy/gateway/onedoor.conf.template" > "$dir/onedoor.conf"
  cat > "$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $STATE/logs/gateway-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;  # the server block logs, without query strings
    server_tokens off;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    include $dir/onedoor.conf;
}
CONF
  if [ -s "$dir/nginx.pid" ] && kill -0 "$(cat "$dir/nginx.pid")" 2>/dev/null; then
    nginx -q -c "$dir/nginx.conf" -s reload
  else
    nginx -q -c "$dir/nginx.conf" || die "the gateway (nginx) did not start; see $STATE/logs/gateway-error.log"
  fi
  log "gateway on 127.0.0.1:$ONEDOOR_GATEWAY_PORT"
}

stop_gateway() {
  local dir="$STATE/gateway"
  [ -s "$dir/nginx.pid" ] && kill -0 "$(cat "$dir/nginx.pid")" 2>/dev/null || return 0
  nginx -q -c "$dir/nginx.conf" -s quit 2>/dev/null || true
  for _ in $(seq 1 25); do [ -s "$dir/nginx.pid" ] || break; sleep 0.2; done
}

# --- OneDoor ----------------------------------------------------------------
# A first release build takes about 10 minutes on 2 cores: a progress line every
# 30 s says how far it is, errors and warnings are shown as they come.
build() {
  local extra=${1:-} status
  log "building (swift build -c $BUILD_CONFIG${extra:+ $extra}; a first build takes minutes, progress every 30 s)"
  set +e
  (cd "$ROOT" && swift build -c "$BUILD_CONFIG" $extra 2>&1) | build_progress
  status=${PIPESTATUS[0]}
  set -e
  [ "$status" = 0 ] || die "build failed (swift build exited $status)"
  bin_path
  [ -x "$BIN/onedoor-intake" ] || die "build failed"
}
build_progress() {
  local line last=$SECONDS start=$SECONDS
  while IFS= read -r line; do
    case "$line" in
      *error:*|*"warning: "*.swift*|*"Build complete"*) printf '%s\n' "$line" >&2 ;;
      \[*/*\]*|Fetching*|Computing*|Creating*|Working*)
        if (( SECONDS - last >= 30 )); then
          last=$SECONDS; log "building: ${line:0:70} ($((SECONDS - start)) s)"
        fi ;;
    esac
  done
}
# Where this instance's binaries are (without building).
bin_path() { BIN=$(cd "$ROOT" && swift build -c "$BUILD_CONFIG" --show-bin-path); }

# Migrations, then the district's reference data (docs/reference-data.md).
migrate() {
  log "applying migrations"
  "$BIN/onedoor-admin" migrate --directory "$ROOT/deploy/migrations"
  log "applying reference data ${ONEDOOR_REFERENCE_FILE:-deploy/reference/sample-district.yaml}"
  "$BIN/onedoor-admin" reference apply --actor "deploy/$INSTANCE" \
    "${ONEDOOR_REFERENCE_FILE:-$ROOT/deploy/reference/sample-district.yaml}"
}

# The secrets: ONEDOOR_IDENTITY_KEY (petitioners' identity data) and ONEDOOR_AUTH_SECRET
# (staff tokens), each from the environment, else made once per instance in $STATE (root-only).
secret() {
  local var=$1 file=$STATE/$2
  if [ -z "${!var:-}" ]; then
    mkdir -p "$STATE"
    [ -s "$file" ] || (umask 077; od -An -tx1 -N32 /dev/urandom | tr -d ' \n' > "$file")
    printf -v "$var" '%s' "$(cat "$file")"
  fi
  export "${var?}"
}
secrets() { secret ONEDOOR_IDENTITY_KEY identity.key; secret ONEDOOR_AUTH_SECRET auth.key; }

# Each service's own database role on the local server (an external one: the URL given).
service_postgres_url() {
  if [ -n "$EXTERNAL_PG" ]; then echo "$ONEDOOR_POSTGRES_URL"; return; fi
  echo "postgresql://onedoor_$1:onedoor@127.0.0.1:$PG_PORT/onedoor"
}

# Each service's own broker user on the local server (an external one: the URL given).
service_amqp_url() {
  [ "$1" != reports ] || return 0  # reads the database only: no broker credentials
  if [ -n "$EXTERNAL_AMQP" ]; then echo "$ONEDOOR_AMQP_URL"; return; fi
  echo "amqp://onedoor-$1:onedoor@127.0.0.1:$AMQP_PORT/onedoor"
}

start_services() {
  mkdir -p "$STATE/logs" "$STATE/pids"
  for name in "${SERVICES[@]}"; do
    local pidfile="$STATE/pids/$name.pid"
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      log "$name already running (pid $(cat "$pidfile"))"; continue
    fi
    ONEDOOR_POSTGRES_URL=$(service_postgres_url "$name") ONEDOOR_AMQP_URL=$(service_amqp_url "$name") \
      setsid "$BIN/onedoor-$name" >>"$STATE/logs/$name.log" 2>&1 </dev/null &
    echo $! > "$pidfile"
  done
  for name in "${SERVICES[@]}"; do wait_healthy "$name"; done
}

wait_healthy() {
  local name=$1 port; port=$(service_port "$1")
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && { log "$name healthy on :$port"; return; }
    sleep 0.5
  done
  tail -20 "$STATE/logs/$name.log" >&2
  die "$name did not become healthy on :$port"
}

stop_services() {
  for name in "${SERVICES[@]}"; do
    local pidfile="$STATE/pids/$name.pid"
    [ -f "$pidfile" ] || continue
    local pid; pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    rm -f "$pidfile"
  done
}

STATE=$(state_dir)
mkdir -p "$STATE"
