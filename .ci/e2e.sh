#!/usr/bin/env bash
# Browser tests: a fresh database, the real api and worker on :18080, Playwright driving
# Debian's Chromium. Screenshots land in apps/web/test-results/screenshots.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

if ! command -v chromium >/dev/null 2>&1; then
  echo "installing Debian's chromium for the browser tests"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi
fi

db=marketplace_e2e
export MARKETPLACE_DATABASE_URL="postgres://marketplace_app@127.0.0.1:5432/${db}?sslmode=disable"
export MARKETPLACE_MIGRATE_DATABASE_URL="postgres://postgres@127.0.0.1:5432/${db}?sslmode=disable"
export MARKETPLACE_HTTP_ADDR=127.0.0.1:18080
export MARKETPLACE_PUBLIC_URL=http://localhost:18080
export MARKETPLACE_REDIS_URL=redis://127.0.0.1:6379/15
export MARKETPLACE_MAIL_OUTBOX_DIR="$root/apps/web/test-results/mail"
export MARKETPLACE_OUTBOX_POLL_INTERVAL=200ms
export MARKETPLACE_LOG_LEVEL=warn
export MARKETPLACE_SMTP_URL=

psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists ${db} with (force)"
redis-cli -n 15 flushdb >/dev/null
rm -rf "$MARKETPLACE_MAIL_OUTBOX_DIR" apps/web/test-results/screenshots
mkdir -p "$MARKETPLACE_MAIL_OUTBOX_DIR" apps/web/test-results/screenshots
./bin/marketctl migrate
./bin/marketctl seed

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT
./bin/api > apps/web/test-results/api.log 2>&1 &
pids+=($!)
./bin/worker > apps/web/test-results/worker.log 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  curl -fsS http://127.0.0.1:18080/readyz >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS http://127.0.0.1:18080/readyz >/dev/null

cd apps/web
E2E_BASE_URL=http://localhost:18080 \
E2E_MAIL_DIR="$MARKETPLACE_MAIL_OUTBOX_DIR" \
E2E_ARTIFACTS="$root/apps/web/test-results/screenshots" \
  npm run e2e
