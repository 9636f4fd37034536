#!/bin/sh
# Makes DATA a PostgreSQL data directory that, when the server starts, replays the archived
# WAL up to TIME and then opens (point-in-time restore; docs/operations.md "Backup and
# restore"): the latest base backup in BACKUP/base that ended before TIME, and BACKUP/wal.
# Whatever DATA held is moved to BACKUP/before-restore-<now>/ first, never deleted.
# Used by deploy/restore, and in the postgres image as onedoor-prepare-restore (compose).
#   prepare-restore.sh [--check] DATA BACKUP TIME   (--check: only say whether it could)
set -eu
check=; [ "$1" != --check ] || { check=yes; shift; }
data=$1 backup=$2 target=$3
epoch=$(date -d "$target" +%s 2>/dev/null) \
  || { echo "cannot read the time '$target' (e.g. '2026-12-02 10:30:00+08')" >&2; exit 2; }
[ "$epoch" -le "$(date +%s)" ] || { echo "$target is in the future" >&2; exit 2; }
target_time=$(date -u -d "$target" '+%Y-%m-%d %H:%M:%S.%N+00')
base=
for candidate in "$backup"/base/*/; do
  [ -s "${candidate}ended" ] || continue
  [ "$(cat "${candidate}ended")" -lt "$epoch" ] && base=${candidate%/}
done
[ -n "$base" ] || { echo "no base backup in $backup/base ended before $target" >&2; exit 1; }
[ -z "$check" ] || { echo "$base"; exit 0; }

mkdir -p "$data"
if [ -n "$(ls -A "$data")" ]; then
  aside="$backup/before-restore-$(date -u +%Y%m%dT%H%M%SZ)"
  mkdir -p "$aside"
  mv "$data"/* "$aside"/
  echo "the data directory before the restore is kept in $aside"
fi
mkdir -p "$data/pg_wal"
tar -xzf "$base/base.tar.gz" -C "$data"
tar -xzf "$base/pg_wal.tar.gz" -C "$data/pg_wal"
cat >> "$data/postgresql.auto.conf" <<CONF
restore_command = 'cp $backup/wal/%f %p'
recovery_target_time = '$target_time'
recovery_target_action = 'promote'
CONF
touch "$data/recovery.signal"
chown -R postgres:postgres "$data"
chmod 700 "$data"
echo "$data restores to $target_time from $base"
