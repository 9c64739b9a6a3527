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
USERS="${USERS:-50}"
# Users arrive over USERS/SPAWN_RATE seconds. Each login costs one deliberately slow password
# hash (PBKDF2, ~0.5 s of CPU); 50 at once would measure the hash, not the pages. The stats are
# reset once all users are in (RESET_STATS="" keeps the ramp-up in the figures).
SPAWN_RATE="${SPAWN_RATE:-1}"
RESET_STATS="${RESET_STATS---reset-stats}"
DURATION="${DURATION:-210s}"
# The environment, the data (built on first run), the plan; start_app starts gunicorn.
source "$HERE/setup.sh"
start_app

MERIT_LOAD_PLAN="$OUT/plan.json" MERIT_LOAD_EXPECTED="$OUT/expected.json" MERIT_LOAD_USERS="$USERS" \
  "$BIN/locust" -f "$HERE/locustfile.py" --headless --host "http://127.0.0.1:$PORT" \
  --users "$USERS" --spawn-rate "$SPAWN_RATE" --run-time "$DURATION" --only-summary \
  $RESET_STATS \
  --csv "$OUT/locust" --exit-code-on-error 0 2>&1 | tee "$OUT/locust.txt"

"$PY" "$HERE/check.py" "$OUT/expected.json" | tee "$OUT/check.txt"
"$PY" "$HERE/summary.py" "$OUT/locust_stats.csv" | tee "$OUT/summary.txt"
