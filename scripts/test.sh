#!/usr/bin/env bash
# The whole suite: types, unit, integration (real server + SQLite, then the same on Postgres), two
# nodes (+ Redis), end-to-end (Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
mkdir -p tests/.reports
# node_modules copied from elsewhere may predate a patch; applying is idempotent (docs/decisions/011).
echo "== patches"; npx patch-package >/dev/null
echo "== format"; npx prettier --check "**/*.{ts,tsx,js,cjs,mjs,css,json}"
echo "== lint (import boundaries, docs/decisions/046)"; npx eslint .
echo "== typecheck"; npx tsc --noEmit
echo "== build"; npx remix build >/dev/null 2>&1 || npx remix build
echo "== Chromium, Noto fonts, poppler (PDF export and end-to-end tests)"
bash scripts/ensure-chromium.sh
echo "== Postgres (installed and started if missing), migrations of both providers in step with the schema"
bash scripts/ensure-postgres.sh >/dev/null
bash scripts/check-migrations.sh
echo "== Redis on port 56379 (the two-node suite)"
bash scripts/ensure-redis.sh
echo "== unit + integration (SQLite, then Postgres) + two nodes"
npx vitest run --reporter=default --reporter=json --outputFile.json=tests/.reports/vitest.json
echo "== end-to-end"
PLAYWRIGHT_JSON_OUTPUT_NAME=tests/.reports/playwright.json npx playwright test --reporter=list,json
node -e '
const fs = require("fs");
const v = JSON.parse(fs.readFileSync("tests/.reports/vitest.json", "utf8"));
const p = JSON.parse(fs.readFileSync("tests/.reports/playwright.json", "utf8"));
const passed = v.numPassedTests + p.stats.expected;
const failed = v.numFailedTests + p.stats.unexpected;
console.log(`unit+integration ${v.numPassedTests}, end-to-end ${p.stats.expected}, in '$(( $(date +%s) - start ))'s`);
console.log(`tests: ${passed} passed, ${failed} failed`);
'
