#!/bin/sh
# PostgreSQL's archive_command (deploy/backup, docs/operations.md): copy one finished WAL
# segment into the archive folder, never over an existing one, and only succeed once the copy
# is on disk, so the server recycles the segment only when it is safe.
#   archive-wal.sh %p %f DIRECTORY
set -eu
source=$1 name=$2 archive=$3
[ -d "$archive" ] || exit 0  # no backup destination yet: no base backup needs this segment
if [ -f "$archive/$name" ]; then
  cmp -s "$source" "$archive/$name"  # the same segment again (a retry) is fine; another is not
  exit
fi
cp "$source" "$archive/.$name.partial"
sync "$archive/.$name.partial" 2>/dev/null || sync
mv "$archive/.$name.partial" "$archive/$name"
