#!/bin/sh
# The PostgreSQL image's start: on an empty volume, initdb with POSTGRES_USER and
# POSTGRES_PASSWORD, create POSTGRES_DB and run /docker-entrypoint-initdb.d (*.sh, *.sql) on
# a server that listens on its socket only; then the server itself, as postgres, on every
# address (scram-sha-256 passwords). Extra arguments go to postgres (-c name=value).
set -eu
: "${POSTGRES_USER:=postgres}" "${POSTGRES_DB:=$POSTGRES_USER}"
[ -n "${POSTGRES_PASSWORD:-}" ] || { echo "set POSTGRES_PASSWORD" >&2; exit 1; }
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }

mkdir -p "$PGDATA" /run/postgresql
chown postgres:postgres "$PGDATA" /run/postgresql
chmod 700 "$PGDATA"
if [ -n "${ONEDOOR_WAL_ARCHIVE:-}" ]; then
  mkdir -p "$ONEDOOR_WAL_ARCHIVE/wal"
  chown -R postgres:postgres "$ONEDOOR_WAL_ARCHIVE"
  set -- -c archive_mode=on -c "archive_timeout=${ONEDOOR_ARCHIVE_TIMEOUT:-60}" \
    -c "archive_command=sh /usr/local/bin/onedoor-archive-wal %p %f $ONEDOOR_WAL_ARCHIVE/wal" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  password_file=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" > "$password_file"
  chown postgres "$password_file"
  as_postgres initdb -D "$PGDATA" -U "$POSTGRES_USER" -E UTF8 --locale=C.UTF-8 \
    --pwfile="$password_file" --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$password_file"
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  as_postgres pg_ctl -D "$PGDATA" -w -o "-c listen_addresses=''" start >/dev/null
  if [ "$POSTGRES_DB" != postgres ]; then
    as_postgres psql -q -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d postgres \
      -c "CREATE DATABASE \"$POSTGRES_DB\" OWNER \"$POSTGRES_USER\""
  fi
  for script in /docker-entrypoint-initdb.d/*; do
    case "$script" in
      *.sh) echo "running $script"; as_postgres env HOME=/var/lib/postgresql sh "$script" ;;
      *.sql) echo "running $script"; as_postgres psql -q -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" -f "$script" ;;
    esac
  done
  as_postgres pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
fi

exec setpriv --reuid=postgres --regid=postgres --init-groups \
  postgres -D "$PGDATA" -c listen_addresses='*' "$@"
