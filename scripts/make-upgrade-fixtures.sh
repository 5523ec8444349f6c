#!/usr/bin/env bash
# Makes the upgrade fixtures (Tests/UpgradeTests/Fixtures/<release>/): a hub and two soum
# nodes in the state a district leaves them in, written by the programs of one release.
#   bash scripts/make-upgrade-fixtures.sh <folder with that release's halamj-hub and halamj-node> <out folder>
# Run it with an OLD release's binaries (build a tagged commit in a clone of its own); the
# files it leaves are committed as they are and never made again by a newer build: the
# upgrade test opens them with the build under test (docs/operations.md, "Upgrades").
set -euo pipefail
bin=$(cd "$1" && pwd)
out=$(mkdir -p "$2" && cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
hub="$bin/halamj-hub"
node="$bin/halamj-node"
work=$(mktemp -d)
trap '[ -n "${served:-}" ] && kill "$served" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/hub" "$work/soum-4305" "$work/soum-4306" "$out"

cd "$work/hub"
"$hub" init --id hub-43 >/dev/null
"$hub" office add soum-4305 >"$work/soum-4305/token"
"$hub" office add soum-4306 >"$work/soum-4306/token"
"$hub" serve --listen 127.0.0.1:0 >"$work/listen" 2>/dev/null &
served=$!
for _ in $(seq 100); do grep -qs listening "$work/listen" && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$work/listen")

new_case() { "$node" case new --service "$1" --rd "$2" --name "$3" "${@:4}"; }

cd "$work/soum-4305"
"$node" init --office soum-4305 --hub "$url" --token-file token >/dev/null
printf 'upgrade-fixture-1\nupgrade-fixture-1\n' | "$node" user add dolgor >/dev/null
gift=$(new_case elderly-age-gift УБ45010112 "Дорж Бат" phone=99112233)
child=$(new_case child-care-allowance УБ99031212 "Сараа" address="3-р баг")
third=$(new_case elderly-age-gift УБ40020212 "Цэцэг")
for doc in $("$node" case checklist "$gift" --json | python3 -c 'import json,sys; print(" ".join(d["id"] for d in json.load(sys.stdin) if d.get("stage","soum")=="soum"))'); do
    "$node" case doc "$gift" "$doc" received >/dev/null
done
"$node" case submit "$gift" >/dev/null
"$node" sync >/dev/null

# The district decides one case, and edits another while the soum edits it too: a conflict.
cd "$work/hub"
"$hub" decide "$gift" --approve --decree A/17 --date "$(date -u +%F)" >/dev/null
"$hub" case set "$child" phone=88001122 >/dev/null
cd "$work/soum-4305"
"$node" case set "$child" phone=99887766 >/dev/null
"$node" sync >/dev/null
"$node" sync >/dev/null
# Changes the hub has not seen yet: pending at the node when it is upgraded.
"$node" case set "$third" note="written before the upgrade" >/dev/null
new_case child-care-allowance УБ99031212 "Оюун" >/dev/null

cd "$work/soum-4306"
"$node" init --office soum-4306 --hub "$url" --token-file token >/dev/null
new_case elderly-age-gift УБ45010112 "Бат" >/dev/null
"$node" sync >/dev/null

kill "$served"; wait "$served" 2>/dev/null || true
served=
# What this release's node sends, and its hub answers, when the office syncs its waiting
# changes: recorded on copies (wire/), replayed by the test against the newer hub.
mkdir -p "$work/wire/hub" "$work/wire/soum"
cp "$work/hub/halamj-hub.db" "$work/wire/hub/"
cp "$work/soum-4305/halamj-node.db" "$work/wire/soum/"
cd "$work/wire/hub"
"$hub" serve --listen 127.0.0.1:0 >"$work/wire/listen" 2>/dev/null &
served=$!
for _ in $(seq 100); do grep -qs listening "$work/wire/listen" && break; sleep 0.1; done
hub_port=$(sed -n 's/^listening on http:\/\/127.0.0.1://p' "$work/wire/listen")
python3 "$here/record-exchanges.py" "$work/wire/proxy-port" "$hub_port" "$out/wire" &
recorder=$!
for _ in $(seq 100); do [ -s "$work/wire/proxy-port" ] && break; sleep 0.1; done
cd "$work/wire/soum"
"$node" config --hub "http://127.0.0.1:$(cat "$work/wire/proxy-port")" >/dev/null
"$node" sync >/dev/null
kill "$recorder"; kill "$served"; wait "$served" 2>/dev/null || true
served=

cp "$work/hub/halamj-hub.db" "$out/hub.db"
cp "$work/soum-4305/halamj-node.db" "$out/soum-4305.db"
cp "$work/soum-4306/halamj-node.db" "$out/soum-4306.db"
cp "$work/soum-4305/token" "$out/soum-4305.token"
cp "$work/soum-4306/token" "$out/soum-4306.token"
echo "$out: hub.db, soum-4305.db (pending changes, a conflict, a decision), soum-4306.db, wire/ ($(ls "$out/wire" | wc -l) files)"
