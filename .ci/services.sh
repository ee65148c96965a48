#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer on 127.0.0.1, starting them when they are installed
# (Debian packages) and saying exactly what to install when they are not.
set -euo pipefail

pg_up() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }

if ! pg_up; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
    for _ in $(seq 1 50); do pg_up && break; sleep 0.2; done
  else
    echo "PostgreSQL is not running and not installed. Install it: sudo apt-get install postgresql (15 or later), with trust auth for 127.0.0.1 or set MARKETPLACE_*_DATABASE_URL." >&2
    exit 1
  fi
fi
pg_up || { echo "PostgreSQL did not start on 127.0.0.1:5432" >&2; exit 1; }

if ! redis_up; then
  if command -v redis-server >/dev/null 2>&1; then
    echo "starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
    for _ in $(seq 1 50); do redis_up && break; sleep 0.2; done
  else
    echo "Redis is not running and not installed. Install it: sudo apt-get install redis-server (7 or later)." >&2
    exit 1
  fi
fi
redis_up || { echo "Redis did not start on 127.0.0.1:6379" >&2; exit 1; }
echo "PostgreSQL and Redis are up"
