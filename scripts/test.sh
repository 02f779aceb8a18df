#!/usr/bin/env bash
# The whole suite: types, unit, integration (real server + SQLite), end-to-end (Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
echo "== typecheck"; npx tsc --noEmit
echo "== build"; npx remix build >/dev/null
echo "== unit + integration"; npx vitest run
echo "== end-to-end"; bash scripts/ensure-chromium.sh; npx playwright test
echo "== all tests passed in $(( $(date +%s) - start ))s"
