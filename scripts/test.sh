#!/usr/bin/env bash
# Sets up, builds and runs every test: `bash scripts/test.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
swift build --build-tests 2>&1 | tail -n 5
swift test --skip-build
