#!/usr/bin/env bash
# The whole suite: types, unit, integration (real server + SQLite, then the same on Postgres), two
# nodes (+ Redis), end-to-end (Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
mkdir -p tests/.reports
# node_modules copied from elsewhere may predate a patch; applying is idempotent (docs/decisions/011).
echo "== patches"; npx patch-package >/dev/null
# The static checks share the two cores with each other and with the installs (mostly waiting on
# apt and Postgres): run side by side, each into its own log, shown in order (docs/decisions/143).
checks="$(mktemp -d)"
trap 'rm -rf "$checks"' EXIT
check() {
  local name="$1"
  shift
  ("$@" >"$checks/$name.log" 2>&1 && echo 0 >"$checks/$name.status" || echo 1 >"$checks/$name.status") &
}
check format npx prettier --check "**/*.{ts,tsx,js,cjs,mjs,css,json}"
check lint npx eslint .
check typecheck npx tsc --noEmit
check build npx remix build
echo "== Chromium, Noto fonts, poppler (PDF export and end-to-end tests)"
bash scripts/ensure-chromium.sh
echo "== Postgres (installed and started if missing), migrations of both providers in step with the schema"
bash scripts/ensure-postgres.sh >/dev/null
bash scripts/check-migrations.sh
echo "== Redis on port 56379 (the two-node suite)"
bash scripts/ensure-redis.sh
wait
failed=0
for name in format lint typecheck build; do
  if [ "$(cat "$checks/$name.status")" = 0 ]; then
    echo "== $name: ok"
  else
    echo "== $name: FAILED"
    cat "$checks/$name.log"
    failed=1
  fi
done
[ "$failed" -eq 0 ]
echo "== unit + integration (SQLite, then Postgres) + two nodes, with end-to-end beside them"
# Each runner alone leaves one of the two cores mostly idle (servers starting, browsers waiting), so
# Playwright runs beside vitest, on files of its own (PLENARY_TEST_TMP); its report follows vitest's.
# A failure in one runner must not hide the other's results: both run, then the summary, then the verdict.
rm -f tests/.reports/vitest.json tests/.reports/playwright.json
PLENARY_TEST_TMP=tests/.tmp-e2e PLAYWRIGHT_JSON_OUTPUT_NAME=tests/.reports/playwright.json \
  npx playwright test --reporter=list,json >tests/.reports/e2e.log 2>&1 &
e2e_pid=$!
vitest_status=0
PLENARY_TEST_TEMPLATES=all npx vitest run --reporter=default --reporter=json --outputFile.json=tests/.reports/vitest.json || vitest_status=$?
echo "== end-to-end"
e2e_status=0
wait "$e2e_pid" || e2e_status=$?
cat tests/.reports/e2e.log
node -e '
const fs = require("fs");
const read = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : null);
const v = read("tests/.reports/vitest.json") ?? { numPassedTests: 0, numFailedTests: 1 };
const p = read("tests/.reports/playwright.json") ?? { stats: { expected: 0, unexpected: 1 } };
const passed = v.numPassedTests + p.stats.expected;
const failed = v.numFailedTests + p.stats.unexpected;
console.log(`unit+integration ${v.numPassedTests}, end-to-end ${p.stats.expected}, in '$(( $(date +%s) - start ))'s`);
console.log(`tests: ${passed} passed, ${failed} failed`);
'
[ "$vitest_status" -eq 0 ] && [ "$e2e_status" -eq 0 ]
