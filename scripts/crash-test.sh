#!/usr/bin/env bash
# Crash test with release builds: a hub and two soum nodes with many cases on
# loopback, in a temporary folder. 50 times `halamj-node sync --batch-size 5` is
# killed with SIGKILL at a random moment; 50 times the hub (`halamj-hub serve`) is
# killed with SIGKILL while a node syncs, and restarted on the same port. After
# each kill the files are checked; at the end everything syncs and every office's
# cases must equal the hub's copies, with no case lost or duplicated and every
# edit's last value in place.
#
#   bash scripts/crash-test.sh
#   HALAMJ_CRASH_NODE_KILLS=50 HALAMJ_CRASH_HUB_KILLS=50 HALAMJ_CRASH_CASES=300 \
#   HALAMJ_CRASH_SEED=<n> KEEP=1 bash scripts/crash-test.sh   # KEEP=1 leaves the folder
#
# The cases are compared through the programs' own `--json` output. SQLite's
# `PRAGMA integrity_check`, and the sync state of each file (a record a node holds
# as clean is at the hub; the pull checkpoint is never past a hub change the node
# lacks), are checked through python3's sqlite3 module when python3 is installed;
# without it those checks are skipped and the script says so.
# Last line: `crash test: 50 node kills, 50 hub kills, 0 lost, 0 duplicated, 0 integrity errors`;
# exit status 1 on any problem.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

NODE_KILLS="${HALAMJ_CRASH_NODE_KILLS:-50}"
HUB_KILLS="${HALAMJ_CRASH_HUB_KILLS:-50}"
CASES="${HALAMJ_CRASH_CASES:-300}"
SEED="${HALAMJ_CRASH_SEED:-$(( (RANDOM << 15) | RANDOM ))}"
RANDOM="$SEED"   # the delays and the edited cases follow the seed
OFFICES=(soum-4305 soum-4306)

echo "== build (release)"
swift build -c release 2>&1 | tail -n 1
BIN="$(swift build -c release --show-bin-path)"
HUB="$BIN/halamj-hub"
NODE="$BIN/halamj-node"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/halamj-crash.XXXXXX")"
echo "crash test: seed $SEED, folder $WORK (replay: HALAMJ_CRASH_SEED=$SEED bash scripts/crash-test.sh)"

hub_pid=""
sync_pid=""
cleanup() {
    # Only the processes this script started, by their ids: the hub gets SIGTERM and
    # 5 s to finish before SIGKILL.
    set +e
    {
        [ -n "$sync_pid" ] && kill -9 "$sync_pid"
        if [ -n "$hub_pid" ]; then
            kill -TERM "$hub_pid"
            for _ in $(seq 50); do running "$hub_pid" || break; sleep 0.1; done
            kill -9 "$hub_pid"
        fi
        wait
    } 2>/dev/null
    if [ -z "${KEEP:-}" ]; then rm -rf "$WORK"; fi
    true
}
trap cleanup EXIT

PYTHON=""
if command -v python3 >/dev/null 2>&1 && python3 -c 'import sqlite3' 2>/dev/null; then
    PYTHON=python3
else
    echo "crash test: python3 with sqlite3 not found: integrity and sync-state checks are skipped" >&2
fi

# The checks that read the SQLite files (read-only queries, through python3).
cat > "$WORK/check.py" <<'PY'
import json, sqlite3, sys

def connect(path):
    db = sqlite3.connect(path, timeout=10, isolation_level=None)
    db.execute("PRAGMA busy_timeout=10000")
    return db

def integrity(path):
    db = connect(path)
    rows = [r[0] for r in db.execute("PRAGMA integrity_check")]
    db.close()
    if rows != ["ok"]:
        print(f"{path}: integrity_check: {'; '.join(rows)[:500]}")
        return 1
    return 0

def dot(e):
    return (e["replica"], e["counter"])

def covers(vector, e):
    return vector.get(e["replica"], 0) >= e["counter"]

def merged(a, b):
    """Record merge as DESIGN §4 and Sources/SyncModel/Records/RecordMerge.swift."""
    fields = {}
    for name in set(a["fields"]) | set(b["fields"]):
        mine, theirs = a["fields"].get(name, []), b["fields"].get(name, [])
        their_dots, my_dots = {dot(e) for e in theirs}, {dot(e) for e in mine}
        kept = [e for e in mine if dot(e) in their_dots or not covers(b["vector"], e)]
        kept += [e for e in theirs if dot(e) not in my_dots and not covers(a["vector"], e)]
        if kept:
            fields[name] = sorted(kept, key=dot)
    vector = dict(a["vector"])
    for r, c in b["vector"].items():
        vector[r] = max(vector.get(r, 0), c)
    return normal({"fields": fields, "vector": vector})

def normal(r):
    return {"fields": {k: sorted(v, key=dot) for k, v in r["fields"].items() if v},
            "vector": {k: v for k, v in r["vector"].items() if v > 0}}

def holds(big, small):
    return merged(big, small) == normal(big)

def state(node_path, hub_path, office):
    """A clean record at the node is at the hub; the checkpoint is not past the data."""
    node = connect(node_path)
    node.execute("BEGIN")
    local = {}
    for body, dirty in node.execute("SELECT body, dirty FROM records"):
        r = json.loads(body)
        local[r["id"]] = (r, dirty)
    row = node.execute("SELECT value FROM meta WHERE key = 'pull_since'").fetchone()
    checkpoint = int(row[0]) if row else 0
    node.execute("COMMIT")
    node.close()
    hub = connect(hub_path)
    held = {}
    for body, seq in hub.execute("SELECT body, local_seq FROM records WHERE office = ?", (office,)):
        r = json.loads(body)
        held[r["id"]] = (r, seq)
    hub.close()
    problems = []
    for id, (r, dirty) in local.items():
        if not dirty and (id not in held or not holds(held[id][0], r)):
            problems.append(f"{office}: {id} is clean at the node but the hub lacks some of it")
    for id, (r, seq) in held.items():
        if seq <= checkpoint and (id not in local or not holds(local[id][0], r)):
            problems.append(f"{office}: pull checkpoint {checkpoint} is past hub change {seq} of {id}, which the node lacks")
    for p in problems[:10]:
        print(p)
    return len(problems)

def final(hub_json, node_json, status_json, expected_tsv, office):
    """Counts lost and duplicated cases and values; prints 'LOST n DUP m'."""
    lost = dup = 0
    expected = {}
    with open(expected_tsv, encoding="utf-8") as f:
        for line in f:
            number, field, value = line.rstrip("\n").split("\t")
            expected.setdefault(number, {})[field] = value
    for path in (hub_json, node_json):
        with open(path, encoding="utf-8") as f:
            cases = json.load(f)
        numbers = [c["number"] for c in cases]
        dup += len(numbers) - len(set(numbers)) + len(set(numbers) - set(expected))
        by_number = {c["number"]: c for c in cases}
        for number, fields in expected.items():
            case = by_number.get(number)
            if case is None:
                lost += 1
                print(f"{office}: {number} missing in {path}")
                continue
            if case.get("office") != office:
                print(f"{office}: {number} names office {case.get('office')} in {path}")
                lost += 1
            for field, value in fields.items():
                if case.get(field) != value:
                    lost += 1
                    print(f"{office}: {number}.{field} is {case.get(field)!r}, last written {value!r} ({path})")
            if "conflicts" in case:
                print(f"{office}: {number} has conflicts {case['conflicts']} ({path})")
                lost += 1
    with open(status_json, encoding="utf-8") as f:
        status = json.load(f)
    if status.get("pendingCount") != 0 or status.get("refused"):
        print(f"{office}: status after the final sync: pending {status.get('pendingCount')}, refused {status.get('refused')}")
        lost += status.get("pendingCount") or 0
    print(f"LOST {lost} DUP {dup}")
    return 0

command = sys.argv[1]
if command == "integrity":
    sys.exit(integrity(sys.argv[2]))
if command == "state":
    sys.exit(1 if state(*sys.argv[2:5]) else 0)
if command == "final":
    sys.exit(final(*sys.argv[2:7]))
sys.exit(2)
PY

integrity_errors=0
# Integrity of one file; counts and prints problems.
check_file() {
    [ -n "$PYTHON" ] || return 0
    if ! $PYTHON "$WORK/check.py" integrity "$1"; then integrity_errors=$((integrity_errors + 1)); fi
}
# Sync state of one office against the hub.
check_state() {
    [ -n "$PYTHON" ] || return 0
    local out
    if ! out="$($PYTHON "$WORK/check.py" state "$WORK/$1/halamj-node.db" "$WORK/hub/halamj-hub.db" "$1")"; then
        echo "$out"
        integrity_errors=$((integrity_errors + $(printf '%s\n' "$out" | grep -c .)))
    fi
}

# Starts `halamj-hub serve` on $PORT (0 at first: then learns the port).
start_hub() {
    local port="${1:-$PORT}"
    : > "$WORK/hub/serve.log"
    (cd "$WORK/hub" && exec "$HUB" serve --listen "127.0.0.1:$port" > serve.log 2> serve.err) &
    hub_pid=$!
    for _ in $(seq 200); do
        grep -q '^listening on' "$WORK/hub/serve.log" 2>/dev/null && return 0
        kill -0 "$hub_pid" 2>/dev/null || break
        sleep 0.02
    done
    echo "crash test: the hub did not start: $(cat "$WORK/hub/serve.err")" >&2
    exit 1
}

# Whether a process we started is still running (not exited, not a zombie).
running() {
    local state=""
    [ -r "/proc/$1/stat" ] || return 1
    read -r _ _ state _ < "/proc/$1/stat" || return 1
    [ "$state" != "Z" ]
}

# Sleeps a random moment within what a sync has been seen to take, learning as it
# goes (shorter when syncs end first, longer when they are cut), so that most kills
# land mid-sync. Sets landed=1 when the sync is still running afterwards.
window_ms=200
wait_randomly() {
    local ms=$(( 3 + RANDOM % window_ms ))
    sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
    if running "$1"; then
        landed=1
        window_ms=$(( window_ms * 11 / 10 + 1 ))
    else
        landed=0
        window_ms=$(( window_ms * 7 / 10 )); [ "$window_ms" -ge 10 ] || window_ms=10
    fi
}

echo "== a hub and ${#OFFICES[@]} offices, $CASES cases each"
mkdir -p "$WORK/hub"
(cd "$WORK/hub" && "$HUB" init --id hub-43 > /dev/null)
for office in "${OFFICES[@]}"; do
    mkdir -p "$WORK/$office"
    (cd "$WORK/hub" && "$HUB" office add "$office") > "$WORK/$office/token"
done
start_hub 0
PORT="$(sed -n 's/^listening on http:\/\/127\.0\.0\.1:\([0-9]*\)$/\1/p' "$WORK/hub/serve.log")"
URL="http://127.0.0.1:$PORT"
for office in "${OFFICES[@]}"; do
    (cd "$WORK/$office" && "$NODE" init --office "$office" --hub "$URL" --token-file token > /dev/null)
done

# What each case must end with: expected[<office> <number> <field>] = value.
declare -A expected
declare -A numbers   # numbers[<office>] = space-separated case numbers
for office in "${OFFICES[@]}"; do
    list=""
    for i in $(seq "$CASES"); do
        number="$(cd "$WORK/$office" && "$NODE" case new --service elderly-age-gift --rd УБ45010112 --name "Иргэн $i" note="opened $i")"
        list+="$number "
        expected["$office $number name"]="Иргэн $i"
        expected["$office $number note"]="opened $i"
    done
    numbers[$office]="$list"
done
seq_no=0
# Edits at an office (note) and at the hub while it serves (reviewer), so that every
# sync has something to push and something to pull.
work() {
    local office="$1" all number
    read -r -a all <<< "${numbers[$office]}"
    for _ in 1 2 3 4 5 6; do
        number="${all[RANDOM % ${#all[@]}]}"
        seq_no=$((seq_no + 1))
        (cd "$WORK/$office" && "$NODE" case set "$number" note="edit $seq_no" > /dev/null)
        expected["$office $number note"]="edit $seq_no"
    done
    for _ in 1 2; do
        number="${all[RANDOM % ${#all[@]}]}"
        seq_no=$((seq_no + 1))
        # A case the hub has not received yet cannot be edited there: skip it.
        if (cd "$WORK/hub" && "$HUB" case set "$number" reviewer="hub $seq_no" > /dev/null 2>&1); then
            expected["$office $number reviewer"]="hub $seq_no"
        fi
    done
}

echo "== $NODE_KILLS times: kill -9 of 'halamj-node sync --batch-size 5'"
node_landed=0
for kill in $(seq "$NODE_KILLS"); do
    office="${OFFICES[$(( kill % ${#OFFICES[@]} ))]}"
    work "$office"
    (cd "$WORK/$office" && exec "$NODE" sync --batch-size 5 > /dev/null 2>&1) &
    sync_pid=$!
    wait_randomly "$sync_pid"
    node_landed=$((node_landed + landed))
    { kill -9 "$sync_pid"; wait "$sync_pid"; } 2>/dev/null || true
    sync_pid=""
    check_file "$WORK/$office/halamj-node.db"
    check_state "$office"
done
echo "   $node_landed of $NODE_KILLS landed mid-sync"

echo "== $HUB_KILLS times: kill -9 of 'halamj-hub serve' while a node syncs, restart on port $PORT"
hub_landed=0
window_ms=200
for kill in $(seq "$HUB_KILLS"); do
    office="${OFFICES[$(( kill % ${#OFFICES[@]} ))]}"
    work "$office"
    (cd "$WORK/$office" && exec "$NODE" sync --batch-size 5 --retries 8 > /dev/null 2>&1) &
    sync_pid=$!
    wait_randomly "$sync_pid"
    hub_landed=$((hub_landed + landed))
    { kill -9 "$hub_pid"; wait "$hub_pid"; } 2>/dev/null || true
    check_file "$WORK/hub/halamj-hub.db"
    start_hub
    # The sync rides out the restart (or gives up with 75); at most 60 s.
    for _ in $(seq 600); do running "$sync_pid" || break; sleep 0.1; done
    { kill -9 "$sync_pid"; wait "$sync_pid"; } 2>/dev/null || true
    sync_pid=""
    check_file "$WORK/$office/halamj-node.db"
    check_state "$office"
done
echo "   $hub_landed of $HUB_KILLS landed mid-sync"

echo "== the link is fine again: every office syncs, then everything is compared"
lost=0
duplicated=0
for office in "${OFFICES[@]}"; do
    synced=""
    for _ in 1 2 3 4 5; do
        if (cd "$WORK/$office" && "$NODE" sync > /dev/null 2>&1); then synced=1; break; fi
    done
    if [ -z "$synced" ]; then echo "crash test: $office does not sync after the kills" >&2; lost=$((lost + 1)); fi
done
for office in "${OFFICES[@]}"; do
    (cd "$WORK/hub" && "$HUB" case list --office "$office" --json) > "$WORK/hub-$office.json"
    (cd "$WORK/$office" && "$NODE" case list --json) > "$WORK/node-$office.json"
    (cd "$WORK/$office" && "$NODE" status --json) > "$WORK/status-$office.json"
    if ! cmp -s "$WORK/hub-$office.json" "$WORK/node-$office.json"; then
        echo "crash test: $office: the node's cases differ from the hub's copies"
        diff "$WORK/hub-$office.json" "$WORK/node-$office.json" | head -n 20 || true
        lost=$((lost + 1))
    fi
    # Case numbers: each once, exactly the ones opened.
    read -r -a opened <<< "${numbers[$office]}"
    for json in "$WORK/hub-$office.json" "$WORK/node-$office.json"; do
        listed="$(sed -n 's/^ *"number" : "\(.*\)",*$/\1/p' "$json" | sort)"
        dups="$(printf '%s\n' "$listed" | uniq -d | grep -c . || true)"
        duplicated=$((duplicated + dups))
        count="$(printf '%s\n' "$listed" | sort -u | grep -c . || true)"
        if [ "$count" -gt "${#opened[@]}" ]; then duplicated=$((duplicated + count - ${#opened[@]})); fi
        if [ "$count" -lt "${#opened[@]}" ]; then lost=$((lost + ${#opened[@]} - count)); fi
    done
    if [ -n "$PYTHON" ]; then
        : > "$WORK/expected-$office.tsv"
        for key in "${!expected[@]}"; do
            read -r o number field <<< "$key"
            [ "$o" = "$office" ] && printf '%s\t%s\t%s\n' "$number" "$field" "${expected[$key]}" >> "$WORK/expected-$office.tsv"
        done
        out="$($PYTHON "$WORK/check.py" final "$WORK/hub-$office.json" "$WORK/node-$office.json" \
            "$WORK/status-$office.json" "$WORK/expected-$office.tsv" "$office")"
        printf '%s\n' "$out" | grep -v '^LOST ' | head -n 20 || true
        read -r _ l _ d <<< "$(printf '%s\n' "$out" | grep '^LOST ')"
        lost=$((lost + l))
        duplicated=$((duplicated + d))
        check_file "$WORK/$office/halamj-node.db"
        check_state "$office"
    else
        grep -q '"pendingCount" : 0' "$WORK/status-$office.json" || { echo "crash test: $office still has changes to send"; lost=$((lost + 1)); }
    fi
done
check_file "$WORK/hub/halamj-hub.db"

echo "crash test: $NODE_KILLS node kills, $HUB_KILLS hub kills, $lost lost, $duplicated duplicated, $integrity_errors integrity errors"
if [ "$lost" -ne 0 ] || [ "$duplicated" -ne 0 ] || [ "$integrity_errors" -ne 0 ]; then
    echo "crash test: FAILED (replay: HALAMJ_CRASH_SEED=$SEED KEEP=1 bash scripts/crash-test.sh)" >&2
    exit 1
fi
