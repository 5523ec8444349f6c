#!/usr/bin/env bash
# Pictures of the district's desk at 1366x768, logged in as a desk administrator (who sees
# every page): `bash scripts/desk-screenshots.sh [folder]` (default: docs/screenshots, files
# named desk-*.png). Uses the demo's hub (running `scripts/demo.sh` first when there is none)
# and headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh chromium fonts-dejavu-core
OUT="${1:-docs/screenshots}"
[ -f demo/hub/halamj-hub.db ] || bash scripts/demo.sh >/dev/null
swift build -c release --product halamj-hub 2>&1 | tail -n 1
swift build -c release --product halamj-node 2>&1 | tail -n 1
swift build -c release --product halamj-screenshots 2>&1 | tail -n 1
BIN="$(swift build -c release --show-bin-path)"
HUB="$BIN/halamj-hub"
# A case waiting for the district's decision, from the demo's soum-4305.
CASE="$(cd demo/soum-4305 && "$BIN/halamj-node" case list --json \
    | awk -F'"' '/"number" :/ { n = $4 } /"status" : "(submitted|received)"/ { print n; exit }')"
cd demo/hub
if ! "$HUB" user list --json | grep -q '"name" : "desk-screens"'; then
    head -c 18 /dev/urandom | base64 | tr -d '/+=' > desk-screens.password
    "$HUB" user add desk-screens --role admin --password-file desk-screens.password >/dev/null
fi
"$HUB" serve --listen 127.0.0.1:0 > desk-screens-serve.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening desk-screens-serve.log && break; sleep 0.1; done
URL="$(head -n 1 desk-screens-serve.log | sed 's/listening on //')/desk"
cd - >/dev/null
"$BIN/halamj-screenshots" --url "$URL" --user desk-screens --password-file demo/hub/desk-screens.password --out "$OUT" \
    desk-login=/login desk-home=/ desk-applications=/applications desk-case="/cases/$CASE" desk-complaints=/complaints \
    desk-conflicts=/conflicts desk-duplicates=/duplicates "desk-undelivered=/undelivered?days=0" desk-reports=/reports \
    desk-admin=/admin
