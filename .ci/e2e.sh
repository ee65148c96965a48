#!/usr/bin/env bash
# Browser tests: a fresh database, the real api and worker on a free port (E2E_PORT to choose
# one; the script stops at once if it is taken), Playwright driving Debian's Chromium.
# Screenshots land in apps/web/test-results/screenshots.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

if ! command -v chromium >/dev/null 2>&1; then
  echo "installing Debian's chromium for the browser tests"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi
fi

# The port is free now and, before Playwright starts, must be served by the api started below:
# with anything else listening there the tests would silently exercise that other server.
port_owner() { ss -Hltnp "sport = :$1" 2>/dev/null; }
if [ -n "${E2E_PORT:-}" ]; then
  port=$E2E_PORT
else
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
fi
if [ -n "$(port_owner "$port")" ]; then
  echo "e2e: port $port is already in use; refusing to test whatever listens there:" >&2
  port_owner "$port" >&2
  exit 1
fi

# Its own database and Redis database, so two checkouts can run their browser tests (and their Go
# tests, whose testkit leases Redis databases under the same keys) at the same time. The lease
# follows testkit.leaseRedis: key testkit:lease:<n> holds the holder's pid, a dead holder's is free.
db=${E2E_DB:-marketplace_e2e_${port}}
redis_db=
for n in $(seq 15 -1 1); do
  holder=$(redis-cli -h 127.0.0.1 get "testkit:lease:$n")
  if [ -n "$holder" ] && ! kill -0 "$holder" 2>/dev/null; then redis-cli -h 127.0.0.1 del "testkit:lease:$n" >/dev/null; fi
  if [ "$(redis-cli -h 127.0.0.1 set "testkit:lease:$n" $$ NX EX 3600)" = OK ]; then redis_db=$n; break; fi
done
[ -n "$redis_db" ] || { echo "e2e: no free Redis database (all 15 leased)" >&2; exit 1; }
export MARKETPLACE_DATABASE_URL="postgres://marketplace_app@127.0.0.1:5432/${db}?sslmode=disable"
export MARKETPLACE_MIGRATE_DATABASE_URL="postgres://postgres@127.0.0.1:5432/${db}?sslmode=disable"
export MARKETPLACE_HTTP_ADDR=127.0.0.1:${port}
export MARKETPLACE_PUBLIC_URL=http://localhost:${port}
export MARKETPLACE_REDIS_URL=redis://127.0.0.1:6379/${redis_db}
export MARKETPLACE_MAIL_OUTBOX_DIR="$root/apps/web/test-results/mail"
export MARKETPLACE_OUTBOX_POLL_INTERVAL=200ms
export MARKETPLACE_LOG_LEVEL=warn
export MARKETPLACE_SMTP_URL=

psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists ${db} with (force)"
redis-cli -h 127.0.0.1 -n "$redis_db" flushdb >/dev/null
rm -rf "$MARKETPLACE_MAIL_OUTBOX_DIR" apps/web/test-results/screenshots
mkdir -p "$MARKETPLACE_MAIL_OUTBOX_DIR" apps/web/test-results/screenshots
./bin/marketctl migrate
./bin/marketctl seed

pids=()
cleanup() {
  kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true
  redis-cli -h 127.0.0.1 del "testkit:lease:$redis_db" >/dev/null || true
  [ -n "${E2E_KEEP_DB:-}" ] || psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists ${db} with (force)" || true
}
trap cleanup EXIT
./bin/api > apps/web/test-results/api.log 2>&1 &
api_pid=$!
pids+=("$api_pid")
./bin/worker > apps/web/test-results/worker.log 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  kill -0 "$api_pid" 2>/dev/null || { echo "e2e: the api exited; see apps/web/test-results/api.log" >&2; tail -20 apps/web/test-results/api.log >&2; exit 1; }
  curl -fsS "http://127.0.0.1:${port}/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "http://127.0.0.1:${port}/readyz" >/dev/null
# The answer must come from our api: the only listener on the port is its process.
owners=$(port_owner "$port")
if ! grep -q "pid=${api_pid}," <<<"$owners" || grep -v "pid=${api_pid}," <<<"$owners" | grep -q .; then
  echo "e2e: port $port is not served by the api just started (pid $api_pid):" >&2
  echo "$owners" >&2
  exit 1
fi
echo "e2e: api pid $api_pid serves http://localhost:${port}"

cd apps/web
E2E_BASE_URL="http://localhost:${port}" \
E2E_MAIL_DIR="$MARKETPLACE_MAIL_OUTBOX_DIR" \
E2E_ARTIFACTS="$root/apps/web/test-results/screenshots" \
  npm run e2e -- "$@"
