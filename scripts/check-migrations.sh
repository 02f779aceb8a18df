#!/usr/bin/env bash
# Both migration folders are in step with the one schema (docs/decisions/051): the generated
# Postgres schema matches prisma/schema.prisma, each provider's migrations replayed in a shadow
# database give exactly its schema (`migrate diff … --exit-code`: 2 means a difference), and every
# SQLite trigger has a Postgres trigger of the same name. Needs the Postgres of ensure-postgres.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/postgres-schema.mjs --check
PG_BASE="$(bash scripts/ensure-postgres.sh)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

diff_exit() {
  local url="$1" migrations="$2" schema="$3"
  set +e
  DATABASE_URL="$url" npx prisma migrate diff --from-migrations "$migrations" --to-schema-datamodel "$schema" --exit-code >"$tmp/diff.log" 2>&1
  local code=$?
  set -e
  if [ "$code" -ne 0 ]; then
    cat "$tmp/diff.log" >&2
    echo "$migrations is not in step with $schema (exit $code): add a migration for this provider" >&2
    exit 1
  fi
}
diff_exit "file:$tmp/check.db" prisma/migrations prisma/schema.prisma
diff_exit "$PG_BASE/postgres" prisma/postgres/migrations prisma/postgres/schema.prisma

triggers() { grep -rhoE 'CREATE TRIGGER "[A-Za-z_]+"' "$1" | sort -u; }
missing="$(comm -23 <(triggers prisma/migrations) <(triggers prisma/postgres/migrations))"
if [ -n "$missing" ]; then
  echo "SQLite triggers without a Postgres equivalent in prisma/postgres/migrations:" >&2
  echo "$missing" >&2
  exit 1
fi
echo "migrations in step: sqlite $(ls -d prisma/migrations/*/ | wc -l), postgres $(ls -d prisma/postgres/migrations/*/ | wc -l); $(triggers prisma/migrations | wc -l) triggers on both"
