# Shared by run.sh and ramp.sh (sourced, not run): the environment of a production-like
# instance on loopback, the load-test data (built once), the plan, and start_app to start
# gunicorn. Needs PostgreSQL on 127.0.0.1 (user postgres).

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PY" ] || PY=/tmp/venv/bin/python
BIN="$(dirname "$PY")"
DB="${LOAD_DB:-merit_load}"
PORT="${PORT:-8765}"
WORKERS="${WORKERS:-5}"
OUT="$HERE/out"
mkdir -p "$OUT"

export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export DEBUG=false SECRET_KEY="load-test-only-$(date +%s)-not-a-secret"
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false
export CSRF_COOKIE_SECURE=false SECURE_HSTS_SECONDS=0 DB_CONN_MAX_AGE="${DB_CONN_MAX_AGE:-60}"
export STATIC_ROOT="$OUT/static" LOG_LEVEL=WARNING
# Every user logs in from 127.0.0.1: the per-address login throttle must not hold them.
export LOGIN_FAILURE_LIMIT=1000

cd "$ROOT"
if ! psql -h 127.0.0.1 -U postgres -lqt | cut -d'|' -f1 | grep -qw "$DB"; then
  createdb -h 127.0.0.1 -U postgres "$DB"
fi
if ! psql -h 127.0.0.1 -U postgres -d "$DB" -tAc \
    "select 1 from agencies_instansi where nama='Kabupaten Beban 01'" 2>/dev/null | grep -q 1; then
  echo "Building 30 agencies with 50,000 employees (several minutes)..."
  "$PY" manage.py migrate --verbosity 0
  "$PY" manage.py demo --agencies 30 --employees 1667 --verbosity 0
fi
"$PY" manage.py collectstatic --noinput --verbosity 0
"$PY" "$HERE/prepare.py" "$OUT/plan.json"
# Fresh statistics and no dead rows from earlier runs: with autovacuum off (as on the shared
# test cluster) the planner would otherwise guess 9 employees per agency instead of 1,667 and
# sort the whole agency for each page of the list.
psql -h 127.0.0.1 -U postgres -d "$DB" -qc "VACUUM (ANALYZE)"

start_app() {
  "$BIN/gunicorn" meritsys.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
    --access-logfile /dev/null --error-logfile "$OUT/gunicorn.log" --timeout 60 &
  GUNICORN=$!
  trap 'kill $GUNICORN 2>/dev/null || true' EXIT
  for _ in $(seq 50); do
    curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.2
  done
}
