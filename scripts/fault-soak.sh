#!/usr/bin/env bash
# Fault soak: 300 sync rounds of three soum nodes and the district hub through a
# TCP proxy that, by a seeded schedule, drops, delays, cuts (request or answer
# mid-body), resets (RST) and stalls (past the client's timeout) the exchanges; then
# the link heals, everything syncs until quiet, and every copy is checked against
# the log of every write: nothing lost, nothing duplicated.
#
#   bash scripts/fault-soak.sh                 # 300 rounds, a fresh seed
#   bash scripts/fault-soak.sh 1000            # more rounds
#   HALAMJ_FAULT_SEED=<n> bash scripts/fault-soak.sh   # replay a run
#
# The test is Tests/FaultTests/FaultSoakTests.swift; CI runs it with 30 rounds.
# Last line: `fault soak: N rounds, 0 lost, 0 duplicated`; exit status 1 on any problem.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

ROUNDS="${1:-${HALAMJ_FAULT_ROUNDS:-300}}"
echo "== build"
swift build --build-tests 2>&1 | tail -n 1
log="$(mktemp "${TMPDIR:-/tmp}/halamj-fault-soak.XXXXXX")"
trap 'rm -f "$log"' EXIT
echo "== $ROUNDS rounds through the fault proxy"
set +e
HALAMJ_FAULT_ROUNDS="$ROUNDS" swift test --skip-build --filter FaultSoakTests > "$log" 2>&1
status=$?
set -e
grep -E '^fault soak: seed' "$log" || true
grep -E '✘' "$log" | head -n 20 || true
summary="$(grep -E '^fault soak: [0-9]+ rounds, ' "$log" | tail -n 1)"
if [ -z "$summary" ]; then
    tail -n 30 "$log"
    summary="fault soak: $ROUNDS rounds, did not finish"
fi
echo "$summary"
if [ "$status" -ne 0 ]; then
    grep -oE 'replay: HALAMJ_FAULT_SEED=[0-9]+ HALAMJ_FAULT_ROUNDS=[0-9]+' "$log" | head -n 1 >&2 || true
    exit 1
fi
