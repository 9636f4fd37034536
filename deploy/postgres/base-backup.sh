#!/bin/sh
# One base backup into DESTINATION/base/<start time, UTC>/ (tar, compressed, with the WAL
# that makes it consistent), for point-in-time restore with the archived WAL beside it in
# DESTINATION/wal (deploy/backup, deploy/restore, docs/operations.md). The server is reached
# with libpq's environment (PGHOST, PGPORT, PGUSER: a role with REPLICATION).
#   base-backup.sh DESTINATION
set -eu
destination=$1
started=$(date -u +%Y%m%dT%H%M%SZ)
target="$destination/base/$started"
mkdir -p "$destination/base"
pg_basebackup -D "$target.partial" -Ft -z -X stream -c fast --no-password
date -u +%s > "$target.partial/ended"  # deploy/restore picks a backup that ended before its time
# The first WAL segment it needs: older segments can go once older backups have gone.
tar -xzOf "$target.partial/base.tar.gz" backup_label \
  | sed -n 's/^START WAL LOCATION: .*(file \(.*\))$/\1/p' > "$target.partial/first-wal"
mv "$target.partial" "$target"
echo "$target"
