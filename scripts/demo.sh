#!/usr/bin/env bash
# Builds pkg/ (installing what the build needs) and serves the demo on http://127.0.0.1:8080,
# with the fake third parties (ad server, chat widget) on http://127.0.0.2:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
exec node scripts/serve.mjs --port "${PORT:-8080}"
