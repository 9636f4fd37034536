# The local PostgreSQL server (unless ONEDOOR_POSTGRES_URL points elsewhere). Sourced by common.sh.

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
    run_postgres_server 60
  fi
  local createdb=NOCREATEDB; [ "$INSTANCE" = test ] && createdb=CREATEDB
  as_postgres psql -q -h "$sock" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 <<SQL >/dev/null
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'onedoor') THEN
    CREATE ROLE onedoor LOGIN PASSWORD 'onedoor' $createdb;
  END IF;
END \$\$;
SELECT 'CREATE DATABASE onedoor OWNER onedoor' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'onedoor')
\gexec
SQL
  # Least privilege: each service logs in as its own role (made in one place).
  (cd / && PSQL="runuser -u postgres -- psql -h $sock -p $PG_PORT -U postgres -d postgres" \
    sh "$ROOT/deploy/postgres/service-roles.sh" >/dev/null)
}

# One statement as the superuser on this instance's server; the answer unadorned.
postgres_sql() { as_postgres psql -q -t -A -h "$STATE/pgsock" -p "$PG_PORT" -U postgres -d postgres -c "$1"; }

# Starts the server on $STATE/postgres and waits for it (up to $1 seconds: a restore replays WAL first).
run_postgres_server() {
  local data="$STATE/postgres"
  as_postgres "$PG_BIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t "$1" -o "$(postgres_options)" start >/dev/null \
    || { tail -20 "$data/server.log" >&2; die "PostgreSQL did not start"; }
}

# The server's options: loopback, this instance's port and socket, and continuous WAL
# archiving (deploy/backup), always on, into $BACKUP_DIR/wal once deploy/backup has made that
# folder (until then no base backup needs a finished segment).
postgres_options() {
  printf "%s" "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $STATE/pgsock -c max_connections=200" \
    " -c archive_mode=on -c archive_timeout=60" \
    " -c archive_command='sh $ROOT/deploy/postgres/archive-wal.sh %p %f $BACKUP_DIR/wal'"
}

stop_postgres() {
  [ -z "$EXTERNAL_PG" ] || return 0
  [ -s "$STATE/postgres/PG_VERSION" ] || return 0
  as_postgres "$PG_BIN/pg_ctl" -D "$STATE/postgres" -m fast -w stop >/dev/null 2>&1 || true
}

# --- RabbitMQ ---------------------------------------------------------------
# Erlang distribution and epmd listen on loopback only (the CLI tools reach the node there).
export ERL_EPMD_ADDRESS=127.0.0.1

# The benchmarks' own database, onedoor_bench, on this instance's PostgreSQL: created,
# migrated and given the sample reference data (applying it declares the broker's
# topology, so RabbitMQ is started too); ONEDOOR_POSTGRES_URL points at it
# (ONEDOOR_BENCH_POSTGRES_URL names another). The synthetic history is generated once per
# database by `onedoor-admin bench`; drop the database to generate it anew.
bench_database() {
  ensure_packages
  start_postgres
  start_rabbitmq
  build
  as_postgres psql -q -h "$STATE/pgsock" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 >/dev/null <<SQL
SELECT 'CREATE DATABASE onedoor_bench OWNER onedoor' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'onedoor_bench')
\gexec
SQL
  export ONEDOOR_POSTGRES_URL=${ONEDOOR_BENCH_POSTGRES_URL:-postgresql://onedoor:onedoor@127.0.0.1:$PG_PORT/onedoor_bench}
  "$BIN/onedoor-admin" migrate --directory "$ROOT/deploy/migrations"
  "$BIN/onedoor-admin" reference apply --actor bench "$ROOT/deploy/reference/sample-district.yaml"
}
