#!/usr/bin/env bash
# Restore a Merit backup made by scripts/backup.sh into an EMPTY database (and media folder).
#
#   DATABASE_URL=postgres://user:pass@db:5432/merit_restored MEDIA_ROOT=/srv/merit/media \
#     scripts/restore.sh /backups/merit/20260301T020000Z
#
# Checks the checksums first, refuses a database that already has Merit's tables (restore
# into a new one, check it, then switch DATABASE_URL), restores the dump, unpacks the media
# and runs `manage.py migrate` so a backup from an older release is brought up to date.
set -euo pipefail

SOURCE="${1:?usage: restore.sh BACKUP_DIR}"
: "${DATABASE_URL:?DATABASE_URL must point at the (empty) target database}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PY" ] || PY="$(command -v python3)"

(cd "$SOURCE" && sha256sum --check --quiet SHA256SUMS)

if psql "$DATABASE_URL" -tAc "select to_regclass('public.django_migrations')" | grep -q django_migrations; then
  echo "restore.sh: the target database is not empty; restore into a new database" >&2
  exit 3
fi
pg_restore --dbname="$DATABASE_URL" --no-owner --no-privileges --exit-on-error \
  "$SOURCE/database.dump"

if [ -f "$SOURCE/media.tar.gz" ]; then
  MEDIA="${MEDIA_ROOT:-$ROOT/media}"
  mkdir -p "$MEDIA"
  tar -xzf "$SOURCE/media.tar.gz" -C "$MEDIA"
fi

(cd "$ROOT" && "$PY" manage.py migrate --noinput --verbosity 0)
echo "restored $SOURCE"
