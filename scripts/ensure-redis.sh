#!/usr/bin/env bash
# A throwaway Redis for the multi-node tests and benchmarks (docs/decisions/055): installs
# Debian's redis-server where it is missing (as ensure-chromium.sh does for Chromium) and starts
# one instance on REDIS_TEST_PORT (56379), in memory only. Idempotent: a running one is reused.
set -euo pipefail
PORT="${REDIS_TEST_PORT:-56379}"
if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" != "0" ]; then
    echo "redis-server is missing; run as root: apt-get update && apt-get install -y redis-server" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends redis-server >/dev/null 2>&1 || {
    apt-get update >/dev/null
    apt-get install -y --no-install-recommends redis-server >/dev/null
  }
fi
ping() { redis-cli -p "$PORT" ping 2>/dev/null | grep -q PONG; }
if ping; then
  echo "Redis already running on port $PORT"
  exit 0
fi
# No persistence, no protected-mode surprises, bound to loopback; the Debian service is left alone.
redis-server --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
  --pidfile "/tmp/plenary-redis-$PORT.pid" --logfile "/tmp/plenary-redis-$PORT.log" --dir /tmp
for _ in $(seq 1 50); do
  if ping; then
    echo "Redis started on port $PORT"
    exit 0
  fi
  sleep 0.1
done
echo "Redis did not start on port $PORT; see /tmp/plenary-redis-$PORT.log" >&2
exit 1
