#!/usr/bin/env bash
# A throwaway PostgreSQL for development and tests (docs/decisions/050): installs Debian's
# `postgresql` when it is missing, then starts a cluster of its own in the git-ignored .pgdata/
# on PLENARY_PG_PORT (default 55432), trusting local TCP connections of the `postgres` role.
# Idempotent, and quick when a server already answers on the port (whoever started it).
# Prints the server's base URL, postgresql://postgres@127.0.0.1:PORT; the development database is
# PORT/plenary (created here), tests create their own.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PLENARY_PG_PORT:-55432}"
DATA="$PWD/.pgdata"
URL="postgresql://postgres@127.0.0.1:$PORT"

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

if [ -z "$(bindir)" ] || [ ! -x "$(bindir)/pg_ctl" ]; then
  echo "Installing Debian's postgresql…" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
BIN="$(bindir)"

# The development database (`$URL/plenary`), created once; tests create their own.
ensure_database() {
  if ! "$BIN/psql" -Atq "$URL/postgres" -c "SELECT 1 FROM pg_database WHERE datname = 'plenary'" | grep -q 1; then
    "$BIN/psql" -q "$URL/postgres" -c 'CREATE DATABASE "plenary"' >/dev/null
  fi
}

if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  ensure_database
  echo "$URL"
  exit 0
fi

# Postgres refuses to run as root: the cluster belongs to the unprivileged `postgres` user (the
# Debian package creates it), or to whoever runs this script when that is not root.
RUN_AS=()
OWNER="$(id -un)"
if [ "$(id -u)" -eq 0 ]; then
  OWNER=postgres
  RUN_AS=(runuser -u postgres --)
  # A checkout the postgres user cannot enter (under /root, say) keeps its cluster outside it.
  if ! runuser -u postgres -- test -x "$PWD"; then
    DATA="/var/tmp/plenary-pgdata-$(printf '%s' "$PWD" | md5sum | cut -c1-12)"
  fi
fi

if [ ! -f "$DATA/PG_VERSION" ]; then
  rm -rf "$DATA"
  mkdir -p "$DATA"
  chown "$OWNER" "$DATA"
  chmod 700 "$DATA"
  (cd / && "${RUN_AS[@]}" "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null)
  # A test cluster: no disk flushes (a lost cluster is recreated), sockets in the data dir only,
  # enough connections for the test servers (each holds a small pool).
  cat >>"$DATA/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 128MB
timezone = 'UTC'
EOF
fi

(cd / && "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA" -o "-p $PORT" -l "$DATA/server.log" -w -t 60 start >/dev/null)
ensure_database
echo "$URL"
