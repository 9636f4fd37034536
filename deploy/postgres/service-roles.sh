#!/bin/sh
# Compose's database init (run once by the postgres image, from
# /docker-entrypoint-initdb.d): one login role per service, for least
# privilege; migration 0010 grants each what it owns and reads.
set -eu
for name in intake routing department review followup reports; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -c "CREATE ROLE onedoor_$name LOGIN PASSWORD '${ONEDOOR_SERVICE_DB_PASSWORD:-onedoor}'"
done
