#!/usr/bin/env bash
# Runs the api and the worker in the foreground for `go tool task run`; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM
./bin/worker &
pids+=($!)
./bin/api &
pids+=($!)
port="${MARKETPLACE_HTTP_ADDR:-:8080}"; port="${port##*:}"
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:${port}/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
cat <<MSG

  The marketplace platform is running.

    Platform (sign up a marketplace):   http://localhost:${port}
    Demo marketplace:                   http://demo.localhost:${port}
    API reference:                      http://localhost:${port}/docs
    Emails are written to:              ${MARKETPLACE_MAIL_OUTBOX_DIR:-var/mail}/*.eml

  Demo accounts: see README.md ("Demo data"). Press Ctrl-C to stop.

MSG
wait -n "${pids[@]}"
