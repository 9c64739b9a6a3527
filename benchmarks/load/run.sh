#!/usr/bin/env bash
# Merit load test: the app under gunicorn on PostgreSQL, 50 Locust users for a few minutes.
#
#   benchmarks/load/run.sh              # build the data (first time), run, check, summarise
#   USERS=50 DURATION=150s WORKERS=5 benchmarks/load/run.sh
#
# Needs PostgreSQL on 127.0.0.1 (user postgres) and the dev tools (locust). Everything
# listens on loopback only. Results go to benchmarks/load/out/ (not committed); the figures
# are written up by hand in REPORT.md.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PY" ] || PY=/tmp/venv/bin/python
BIN="$(dirname "$PY")"
DB="${LOAD_DB:-merit_load}"
PORT="${PORT:-8765}"
USERS="${USERS:-50}"
WORKERS="${WORKERS:-5}"
# Users arrive over USERS/SPAWN_RATE seconds. Each login costs one deliberately slow password
# hash (PBKDF2, ~0.5 s of CPU); 50 at once would measure the hash, not the pages. The stats are
# reset once all users are in (RESET_STATS="" keeps the ramp-up in the figures).
SPAWN_RATE="${SPAWN_RATE:-1}"
RESET_STATS="${RESET_STATS---reset-stats}"
DURATION="${DURATION:-210s}"
OUT="$HERE/out"
mkdir -p "$OUT"

export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export DEBUG=false SECRET_KEY="load-test-only-$(date +%s)-not-a-secret"
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false
export CSRF_COOKIE_SECURE=false SECURE_HSTS_SECONDS=0 DB_CONN_MAX_AGE=60
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
  "$PY" manage.py demo --agencies 30 --employees 1667 --verbosity 0
fi
"$PY" manage.py collectstatic --noinput --verbosity 0
"$PY" "$HERE/prepare.py" "$OUT/plan.json"

"$BIN/gunicorn" meritsys.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --access-logfile /dev/null --error-logfile "$OUT/gunicorn.log" --timeout 60 &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done

MERIT_LOAD_PLAN="$OUT/plan.json" MERIT_LOAD_EXPECTED="$OUT/expected.json" MERIT_LOAD_USERS="$USERS" \
  "$BIN/locust" -f "$HERE/locustfile.py" --headless --host "http://127.0.0.1:$PORT" \
  --users "$USERS" --spawn-rate "$SPAWN_RATE" --run-time "$DURATION" --only-summary \
  $RESET_STATS \
  --csv "$OUT/locust" --exit-code-on-error 0 2>&1 | tee "$OUT/locust.txt"

"$PY" "$HERE/check.py" "$OUT/expected.json" | tee "$OUT/check.txt"
"$PY" "$HERE/summary.py" "$OUT/locust_stats.csv" | tee "$OUT/summary.txt"
