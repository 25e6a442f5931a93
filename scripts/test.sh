#!/usr/bin/env bash
# `npm test`: the whole suite — engines in step, typecheck, lint, the production build, unit,
# integration and system tests on SQLite and PostgreSQL, end-to-end tests in Chromium. Stops at the
# first failing stage.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
mkdir -p .vitest

step "Schemas and migrations of both engines in step"
npm run -s db:check
step "Typecheck (includes the engine parity check)"
npm run -s typecheck
step "Lint"
npm run -s lint
step "Production build (the system tests run it; npm start in the e2e stage finds it up to date)"
npm run -s build
step "Unit, integration and system tests (SQLite file and PostgreSQL; system tests run node server.js)"
bash scripts/ensure-postgres.sh
npx vitest run --reporter=default --reporter=json --outputFile.json=.vitest/unit.json
step "End-to-end tests (Playwright on Debian's Chromium; phone and desktop, JavaScript on and off)"
bash scripts/ensure-chromium.sh
PLAYWRIGHT_JSON_OUTPUT_NAME=.vitest/e2e.json npx playwright test --reporter=list,json

node -e '
const fs = require("fs");
const u = JSON.parse(fs.readFileSync(".vitest/unit.json", "utf8"));
const e = JSON.parse(fs.readFileSync(".vitest/e2e.json", "utf8")).stats;
const passed = u.numPassedTests + e.expected + e.flaky;
const failed = u.numFailedTests + e.unexpected;
const skipped = u.numPendingTests + u.numTodoTests + e.skipped;
console.log(`\nvitest ${u.numPassedTests} passed, playwright ${e.expected} passed`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
'
