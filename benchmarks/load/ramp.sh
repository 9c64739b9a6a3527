#!/usr/bin/env bash
# Merit capacity ramp: the app under gunicorn on PostgreSQL, requests arriving at a fixed
# rate per step (open loop) in the load test's journey mix, until p95 passes 300 ms or a
# request fails. Prints a table per step and a Markdown block for REPORT.md.
#
#   benchmarks/load/ramp.sh                       # data built on first run (~3-5 min)
#   STEPS=20,40,60,80,90,100,110,120,140 STEP_SECONDS=40 WORKERS=5 benchmarks/load/ramp.sh
#   LOAD_DB=merit_load PYTHON=/path/to/venv/bin/python benchmarks/load/ramp.sh
#
# Everything on loopback. The generator (ramp.py, gevent) shares the cores with the app and
# PostgreSQL; its own CPU is in the table. Results in benchmarks/load/out/ramp.* (not
# committed); check.py then compares every confirmed save with the database.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
STEPS="${STEPS:-20,40,60,80,90,100,110,120,140}"
STEP_SECONDS="${STEP_SECONDS:-40}"
# Warm-up (not counted): each gunicorn worker compiles its templates and fills its own cache
# (the data-quality fact per agency) on first use.
WARMUP_SECONDS="${WARMUP_SECONDS:-30}"
WARMUP_RATE="${WARMUP_RATE:-20}"
source "$HERE/setup.sh"
start_app

echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$ROOT" rev-parse --short HEAD)," \
  "$(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$OUT/ramp.txt"
"$PY" "$HERE/ramp.py" --host "http://127.0.0.1:$PORT" --plan "$OUT/plan.json" \
  --expected "$OUT/ramp-expected.json" --json "$OUT/ramp.json" \
  --gunicorn-pid "$GUNICORN" --database "$DB" \
  --steps "$STEPS" --step-seconds "$STEP_SECONDS" --warmup-seconds "$WARMUP_SECONDS" \
  --warmup-rate "$WARMUP_RATE" \
  --note "gunicorn $WORKERS sync workers, DB_CONN_MAX_AGE=$DB_CONN_MAX_AGE, database $DB" \
  2>&1 | tee -a "$OUT/ramp.txt"
"$PY" "$HERE/check.py" "$OUT/ramp-expected.json" | tee -a "$OUT/ramp.txt"
