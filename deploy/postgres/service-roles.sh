#!/bin/sh
# The one place the services' database roles are made: one login role per service
# (deploy/services.tsv), for least privilege; migration 0010 grants each what it owns and reads.
# Idempotent. Compose's database init runs it once (from /docker-entrypoint-initdb.d, as
# POSTGRES_USER); deploy/lib/postgres.sh runs it on the local server with PSQL set.
set -eu
table=${ONEDOOR_SERVICES_TABLE:-$(dirname "$0")/../services.tsv}
password=${ONEDOOR_SERVICE_DB_PASSWORD:-onedoor}
psql_=${PSQL:-psql --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}"}
grep -v '^#' "$table" | while read -r _name _port _broker role; do
  [ -n "$role" ] || continue
  $psql_ -q -v ON_ERROR_STOP=1 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', '$role', '$password');
  END IF;
END \$\$;
SQL
done
