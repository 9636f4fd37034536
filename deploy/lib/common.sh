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
# The services, their ports, broker users and database roles: one table (deploy/services.tsv).
SERVICES=(); declare -A SERVICE_PORT SERVICE_BROKER_USER SERVICE_DB_ROLE
while read -r name port broker role; do
  case "$name" in ''|\#*) continue ;; esac
  SERVICES+=("$name"); SERVICE_PORT[$name]=$port; SERVICE_BROKER_USER[$name]=$broker; SERVICE_DB_ROLE[$name]=$role
done < "$ROOT/deploy/services.tsv"
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
# ONEDOOR_<NAME>_PORT: the table's port, moved by the instance's offset (the gateway's own).
for name in "${SERVICES[@]}"; do
  export "ONEDOOR_${name^^}_PORT=$((SERVICE_PORT[$name] - 8080 + HTTP_BASE))"
done

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

service_port() { local var="ONEDOOR_${1^^}_PORT"; echo "${!var}"; }

STATE=$(state_dir)
mkdir -p "$STATE"
# deploy/backup's destination: base backups and the archived WAL (docs/operations.md).
BACKUP_DIR=${ONEDOOR_BACKUP_DIR:-$(dirname "$STATE")/backups/$INSTANCE}

for part in packages postgres rabbitmq gateway services; do source "$ROOT/deploy/lib/$part.sh"; done
