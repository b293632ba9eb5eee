#!/usr/bin/env bash
# Runs every test: format and lint, native unit tests, the build, browser tests of the gate in
# headless Chromium (wasm-bindgen-test), and the end-to-end suite (Playwright, node --test).
# Installs what it needs first (see scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s\n' "$*"; }

step "setup"
scripts/setup.sh --browser

step "format and lint"
cargo fmt --check
node_modules/.bin/tsc -p tsconfig.json # the loader's JSDoc types (assets/loader/)
node catalog/check.mjs # the service catalog's entries: shape, names, URLs, sources
cargo clippy --all-targets -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet # doc links that resolve
cargo clippy --target wasm32-unknown-unknown --lib --tests -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --tests --features check -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --features bare -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --features bare,check -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --features ui -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --features explain -- -D warnings

step "native tests"
cargo test

step "build pkg/"
scripts/build.sh

step "browser tests (wasm-bindgen-test, headless Chromium)"
CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web
CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web --features check

step "end-to-end tests (Playwright, headless Chromium)"
node --test --test-concurrency=1 tests/e2e/
