#!/usr/bin/env bash
# Back up Merit: the PostgreSQL database (pg_dump, custom format) and the media folder
# (uploaded evidence and import files), with a checksum manifest.
#
#   DATABASE_URL=postgres://user:pass@db:5432/merit MEDIA_ROOT=/srv/merit/media \
#     scripts/backup.sh /backups/merit
#
# Writes <dest>/<UTC timestamp>/{database.dump,media.tar.gz,SHA256SUMS}. Safe while Merit
# runs: pg_dump reads one consistent snapshot; media files are written once under new
# random names and never changed in place, so a file missing from the tar is only one
# uploaded after the dump began. With STORAGE_BACKEND=s3 the media live in the bucket:
# back the bucket up with the provider's versioning/replication instead (see
# docs/deployment.md); this script then dumps the database only.
set -euo pipefail

DEST="${1:?usage: backup.sh DEST_DIR}"
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database}"
case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL is not PostgreSQL" >&2; exit 2 ;;
esac
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
TARGET="$DEST/$STAMP"
mkdir -p "$TARGET"
umask 077  # personal data: readable by the backup owner only

pg_dump --dbname="$DATABASE_URL" --format=custom --no-owner --no-privileges \
  --file="$TARGET/database.dump"

if [ "${STORAGE_BACKEND:-filesystem}" != "s3" ]; then
  MEDIA="${MEDIA_ROOT:-$(cd "$(dirname "$0")/.." && pwd)/media}"
  if [ -d "$MEDIA" ]; then
    tar -czf "$TARGET/media.tar.gz" -C "$MEDIA" .
  else
    tar -czf "$TARGET/media.tar.gz" --files-from /dev/null
  fi
fi

(cd "$TARGET" && sha256sum ./* > SHA256SUMS)
echo "$TARGET"
