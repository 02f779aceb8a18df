#!/usr/bin/env bash
# A longer run of the concurrent-typing fuzz: the headless binding fuzz, then the
# browser fuzz with three pen-holders. FUZZ_SEED replays a printed seed.
set -euo pipefail
cd "$(dirname "$0")/.."
npx patch-package >/dev/null
# A fresh seed per long run (printed by each test); FUZZ_SEED replays one.
export FUZZ_SEED="${FUZZ_SEED:-$((RANDOM * 32768 + RANDOM))}"
echo "fuzz seed: FUZZ_SEED=$FUZZ_SEED"
FUZZ_ROUNDS="${FUZZ_ROUNDS:-500}" npx vitest run tests/unit/collaborativeCaret.test.ts -t "random"
npx remix build >/dev/null
bash scripts/ensure-chromium.sh
FUZZ_SECONDS="${FUZZ_SECONDS:-60}" npx playwright test tests/e2e/typingFuzz.spec.ts --reporter=list
