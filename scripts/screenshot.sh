#!/usr/bin/env bash
# Takes pictures of the hub's dashboard at 1366x768, as an administrator sees it:
# `bash scripts/screenshot.sh [folder]` (default: demo/). Uses the demo's hub
# (running `scripts/demo.sh` first when there is none) and headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh chromium fonts-dejavu-core
OUT="${1:-demo}"
[ -f demo/hub/halamj-hub.db ] || bash scripts/demo.sh >/dev/null
swift build -c release 2>&1 | tail -n 1
HUB="$(swift build -c release --show-bin-path)/halamj-hub"
cd demo/hub
[ -s admin.token ] || "$HUB" admin add "screenshot-$(date +%s)" > admin.token
"$HUB" serve --listen 127.0.0.1:0 > screenshot-serve.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening screenshot-serve.log && break; sleep 0.1; done
URL="$(head -n 1 screenshot-serve.log | sed 's/listening on //')"
AUTH="ops:$(cat admin.token)@"
cd - >/dev/null
mkdir -p "$OUT"
shoot() {
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1366,768 \
        --screenshot="$OUT/$1" "${URL/http:\/\//http://$AUTH}$2" >/dev/null 2>&1
    echo "$OUT/$1"
}
shoot dashboard.png /
shoot office-soum-4305.png /office/soum-4305
