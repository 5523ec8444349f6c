#!/usr/bin/env bash
# Sets up, builds and runs every test: `bash scripts/test.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
# chromium renders the dashboard in a test; promtool (prometheus) checks /metrics;
# systemd-analyze (systemd) verifies the units in deploy/systemd, and systemd itself runs
# them in ServicesUnderSystemdTests' sandbox, where curl asks the web app and ps names
# each service's user.
source scripts/setup.sh chromium prometheus fonts-dejavu-core systemd curl procps
swift build --build-tests 2>&1 | tail -n 5
# The libFuzzer harnesses in Fuzz/ are no SwiftPM targets: type-check them (about a second).
bash scripts/fuzz.sh check
# The .debs (release builds, a few minutes), made once for PackageTests, which installs them.
bash scripts/package.sh --out .build/packages
# One test at a time: the soak, fuzz and slowloris tests measure behaviour under load
# they make themselves, and must not share two cores with each other.
swift test --skip-build --no-parallel
