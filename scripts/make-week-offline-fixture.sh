#!/usr/bin/env bash
# Makes the "week offline" upgrade fixture (Tests/UpgradeTests/Fixtures/<release>/week-offline/):
# a soum office that lost its link for a week and kept working, and its district hub that
# kept deciding meanwhile, both written by the programs of one release, on the days they
# happened (libfaketime sets each command's clock: `apt-get install faketime`).
#   bash scripts/make-week-offline-fixture.sh <folder with that release's halamj-hub and halamj-node> <out folder> [last day, YYYY-MM-DD]
# Like make-upgrade-fixtures.sh: run once with an OLD release's binaries, commit what it
# leaves, never make it again with a newer build. The upgrade test opens the files with the
# build under test and checks every change against what the old programs listed
# (expected-node.json, expected-hub.json), which this script writes beside them.
set -euo pipefail
bin=$(cd "$1" && pwd)
out=$(mkdir -p "$2" && cd "$2" && pwd)
last=${3:-$(date -u +%F)}
hub="$bin/halamj-hub"
node="$bin/halamj-node"
command -v faketime >/dev/null || { echo "needs faketime (apt-get install faketime)" >&2; exit 1; }
work=$(mktemp -d)
trap '[ -n "${served:-}" ] && pkill -TERM -P "$served"; rm -rf "$work"' EXIT
mkdir -p "$work/hub" "$work/soum-4305"

# day N: N days before the last day, at the given time (UTC); the clock runs from there.
at() { date -u -d "$last - $1 days $2" '+@%F %T'; }
on() { local when; when=$(at "$1" "$2"); shift 2; faketime -f "$when" "$@"; }

serve_hub() {
    cd "$work/hub"
    faketime -f "$(at "$1" 01:00:00)" "$hub" serve --listen 127.0.0.1:0 >"$work/listen" 2>/dev/null &
    served=$!
    for _ in $(seq 100); do grep -qs listening "$work/listen" && break; sleep 0.1; done
    url=$(sed -n 's/^listening on //p' "$work/listen")
}
# faketime runs the hub as its child: SIGTERM goes to the hub itself, which then closes its
# database cleanly (checkpointing it), and faketime ends with it.
stop_hub() { pkill -TERM -P "$served"; wait "$served" 2>/dev/null || true; served=; rm -f "$work/listen"; }
# Every file copied below must be whole in itself: no program may still hold it open.
check_closed() { for f in "$@"; do [ ! -e "$f-wal" ] || { echo "$f-wal is still there: a program still has it open" >&2; exit 1; }; done; }

# Day 8 before: the district and the office, 12 cases, synced.
cd "$work/hub"
on 8 00:30:00 "$hub" init --id hub-43 >/dev/null
on 8 00:30:10 "$hub" office add soum-4305 >"$work/soum-4305/token"
serve_hub 8
cd "$work/soum-4305"
on 8 00:40:00 "$node" init --office soum-4305 --hub "$url" --token-file token >/dev/null
registers=(УБ45010112 УБ40020212 УБ38051512 УБ50031224 УБ47112012 УБ52070612)
for i in $(seq 1 12); do
    rd=${registers[$(( (i - 1) % ${#registers[@]} ))]}
    on 8 "01:$(printf %02d "$i"):00" "$node" case new --service elderly-age-gift --rd "$rd" --name "Өвгөн $i" phone="9911$(printf %04d "$i")" >/dev/null
done
submitted=()
for i in 1 2 3; do
    number="4305-$(date -u -d "$last - 8 days" +%Y)-$(printf %06d "$i")"
    for doc in $(on 8 02:00:00 "$node" case checklist "$number" --json | python3 -c 'import json,sys; print(" ".join(d["id"] for d in json.load(sys.stdin) if d.get("stage","soum")=="soum"))'); do
        on 8 "02:0$i:00" "$node" case doc "$number" "$doc" received >/dev/null
    done
    on 8 "02:1$i:00" "$node" case submit "$number" >/dev/null
    submitted+=("$number")
done
on 8 03:00:00 "$node" sync >/dev/null
stop_hub

# Days 7 to 1 before: the link is down. Each day the office opens 8 cases, edits 4 older
# ones and submits one; the district decides the cases it received and edits one case the
# office edits too (a conflict when they meet again).
year=$(date -u -d "$last - 8 days" +%Y)
count=12
for day in 7 6 5 4 3 2 1; do
    cd "$work/soum-4305"
    for k in 1 2 3 4 5 6 7 8; do
        count=$((count + 1))
        rd=${registers[$(( count % ${#registers[@]} ))]}
        on "$day" "02:0$k:00" "$node" case new --service elderly-age-gift --rd "$rd" --name "Хэрэг $count" address="$day өдөр, $k-р баг" >/dev/null
    done
    for k in 1 2 3 4; do
        n=$(( (day * 4 + k) % count + 1 ))
        on "$day" "03:0$k:00" "$node" case set "4305-$year-$(printf %06d "$n")" note="$day өдрийн өмнө, $k" >/dev/null
    done
    n=$(( 12 + (7 - day) * 8 + 1 ))
    number="4305-$year-$(printf %06d "$n")"
    for doc in $(on "$day" 04:00:00 "$node" case checklist "$number" --json | python3 -c 'import json,sys; print(" ".join(d["id"] for d in json.load(sys.stdin) if d.get("stage","soum")=="soum"))'); do
        on "$day" 04:01:00 "$node" case doc "$number" "$doc" received >/dev/null
    done
    on "$day" 04:10:00 "$node" case submit "$number" >/dev/null
    on "$day" 05:00:00 "$node" case set "4305-$year-000004" phone="9900000$day" >/dev/null
    cd "$work/hub"
    on "$day" 06:00:00 "$hub" case set "4305-$year-000004" phone="8800000$day" >/dev/null
done
cd "$work/hub"
on 6 07:00:00 "$hub" decide "${submitted[0]}" --approve --decree "A/$year-31" --date "$(date -u -d "$last - 6 days" +%F)" >/dev/null
on 3 07:00:00 "$hub" decide "${submitted[1]}" --reject --decree "A/$year-32" --reason "насны шаардлага хангаагүй" --date "$(date -u -d "$last - 3 days" +%F)" >/dev/null

# What the old programs list, for the test to compare with after the upgrade.
cd "$work/soum-4305"
"$node" case list --json >"$out/expected-node.json"
"$node" status --json >"$out/expected-node-status.json"
cd "$work/hub"
"$hub" case list --json >"$out/expected-hub.json"

check_closed "$work/hub/halamj-hub.db" "$work/soum-4305/halamj-node.db"
cp "$work/hub/halamj-hub.db" "$out/hub.db"
cp "$work/soum-4305/halamj-node.db" "$out/soum-4305.db"
cp "$work/soum-4305/token" "$out/soum-4305.token"
cat >"$out/MADE-BY" <<EOF
Made by the programs in $bin (commit $(git -C "$bin" rev-parse HEAD 2>/dev/null || echo unknown)) with
scripts/make-week-offline-fixture.sh, the week ending $last (each command on its day under
libfaketime), on $(date -u +%F). Never made again: the upgrade test opens these files as
that release left them.
EOF
echo "$out: hub.db, soum-4305.db ($(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pendingCount"])' "$out/expected-node-status.json") changes pending for a week)"
