#!/usr/bin/env bash
# Pictures of the soum web app's main pages at 1366x768, logged in as a social worker:
# `bash scripts/web-screenshots.sh [folder]` (default: docs/screenshots). Uses the demo's
# soum-4305 node (running `scripts/demo.sh` first when there is none) and headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh chromium fonts-dejavu-core
OUT="${1:-docs/screenshots}"
[ -f demo/soum-4305/halamj-node.db ] || bash scripts/demo.sh >/dev/null
swift build -c release --product halamj-node 2>&1 | tail -n 1
swift build -c release --product halamj-screenshots 2>&1 | tail -n 1
BIN="$(swift build -c release --show-bin-path)"
NODE="$BIN/halamj-node"
cd demo/soum-4305
if ! "$NODE" user list | grep -q '^screens '; then
    head -c 18 /dev/urandom | base64 | tr -d '/+=' > screens.password
    "$NODE" user add screens --password-file screens.password >/dev/null
fi
"$NODE" serve --listen 127.0.0.1:0 > web-serve.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening web-serve.log && break; sleep 0.1; done
URL="$(head -n 1 web-serve.log | sed 's/listening on //')"
# A care case and its applicant, from the demo's data.
CARE="$("$NODE" case list --json | awk -F'"' '/"number" :/ { n = $4 } /"service" : "care-elderly"/ { print n; exit }')"
RD="$("$NODE" case show "$CARE" --json | sed -n 's/.*"rd" : "\(.*\)".*/\1/p' | head -n 1)"
cd - >/dev/null
"$BIN/halamj-screenshots" --url "$URL" --user screens --password-file demo/soum-4305/screens.password --out "$OUT" \
    login=/login search=/ applicant="/people/$RD" application="/people/$RD/apply?service=care-disabled&work_capacity_loss=60" \
    case="/cases/$CARE" decisions=/decisions overdue=/overdue conflicts=/conflicts sync=/sync access-log=/access-log
