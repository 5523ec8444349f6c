#!/usr/bin/env bash
# The whole system on loopback: one district hub and three soum nodes, each on its
# default SQLite file in its own folder under demo/, then a national hub above it and a
# second district (issue 19). Cases are opened while the hub
# is down, synced once it is up, edited at the hub, synced back; then the status of
# every office. Run: `bash scripts/demo.sh`. Leaves demo/ behind to look at.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh curl

echo "== build (release)"
swift build -c release 2>&1 | tail -n 1
BIN="$(swift build -c release --show-bin-path)"
HUB="$BIN/halamj-hub"
NODE="$BIN/halamj-node"
ROOT="$PWD/demo"
SOUMS=(soum-4305 soum-4306 soum-4307)

rm -rf "$ROOT"
mkdir -p "$ROOT/hub"
hub_pid=""
cleanup() { [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null; true; }
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }
# Runs a command in an office's folder, echoing it first.
in_dir() { local dir="$1"; shift; echo "[$(basename "$dir")]\$ $(basename "$1") ${*:2}"; (cd "$dir" && "$@"); }
# The documents a soum collects for a case (the district brings the decree and the agency's letter).
soum_documents() {
    (cd "$ROOT/$1" && "$NODE" case checklist "$2" --json) \
        | grep -v '"governor_decree"\|"official_letter"' | sed -n 's/.*"id" : "\(.*\)".*/\1/p'
}
# Marks every document the soum collects received, quietly.
collect_documents() { for doc in $(soum_documents "$1" "$2"); do (cd "$ROOT/$1" && "$NODE" case doc "$2" "$doc" received >/dev/null); done; }

step "the hub: create it and register three soum offices"
in_dir "$ROOT/hub" "$HUB" init --id hub-43
for soum in "${SOUMS[@]}"; do
    mkdir -p "$ROOT/$soum"
    (cd "$ROOT/hub" && "$HUB" office add "$soum") > "$ROOT/$soum/token"
    echo "token for $soum saved in demo/$soum/token"
done

# A free port: let the hub pick one, then stop it again (the nodes must know the
# address before the hub is up for good).
(cd "$ROOT/hub" && exec "$HUB" serve --listen 127.0.0.1:0 2>/dev/null) > "$ROOT/hub/port.txt" &
probe=$!
for _ in $(seq 50); do grep -q listening "$ROOT/hub/port.txt" 2>/dev/null && break; sleep 0.1; done
PORT="$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$ROOT/hub/port.txt" | head -n 1)"
kill "$probe"; wait "$probe" 2>/dev/null || true
URL="http://127.0.0.1:$PORT"

step "the soum nodes: set up while the hub is down ($URL)"
for soum in "${SOUMS[@]}"; do
    in_dir "$ROOT/$soum" "$NODE" init --office "$soum" --hub "$URL" --token-file token
done

step "cases opened offline"
in_dir "$ROOT/soum-4305" "$NODE" case new --service child-care-allowance --rd УБ99031212 --name "Бат-Эрдэнэ Дорж" phone=99112233
in_dir "$ROOT/soum-4305" "$NODE" case new --service welfare-pension --rd ЧД58010345 --name "Сараа Нямаа"
in_dir "$ROOT/soum-4306" "$NODE" case new --service elderly-age-gift --rd ӨВ45061268 --name "Цэрэн Болд"
in_dir "$ROOT/soum-4307" "$NODE" case new --service twins-allowance --rd ТӨ05231456 --name "Оюун Ганбаатар" children=2
in_dir "$ROOT/soum-4305" "$NODE" case list

step "sync while the hub is down: exit 75, nothing lost"
set +e
in_dir "$ROOT/soum-4305" "$NODE" sync --retries 2
echo "exit status: $?"
set -e

step "the hub comes up"
(cd "$ROOT/hub" && exec "$HUB" serve --listen "127.0.0.1:$PORT") > "$ROOT/hub/serve.log" 2>&1 &
hub_pid=$!
for _ in $(seq 100); do grep -q listening "$ROOT/hub/serve.log" 2>/dev/null && break; sleep 0.1; done
head -n 1 "$ROOT/hub/serve.log"

step "every office syncs"
for soum in "${SOUMS[@]}"; do in_dir "$ROOT/$soum" "$NODE" sync; done
in_dir "$ROOT/hub" "$HUB" case list

step "an applicant, and a specialized-care application: the soum's 12 documents (the district adds the other 2)"
in_dir "$ROOT/soum-4305" "$NODE" person add --rd УБ45010112 --name "Дорж Батын" phone=99001122
CARE=$(cd "$ROOT/soum-4305" && "$NODE" case new --service care-elderly --rd УБ45010112 --care-category elderly_without_support)
echo "new case: $CARE"
DOCS=$(soum_documents soum-4305 "$CARE")
LAST=$(echo "$DOCS" | tail -n 1)
for doc in $(echo "$DOCS" | head -n -1); do (cd "$ROOT/soum-4305" && "$NODE" case doc "$CARE" "$doc" received >/dev/null); done
in_dir "$ROOT/soum-4305" "$NODE" case checklist "$CARE" | tail -n 3
set +e
in_dir "$ROOT/soum-4305" "$NODE" case submit "$CARE"
echo "exit status: $? (refused: one document missing)"
set -e
in_dir "$ROOT/soum-4305" "$NODE" case doc "$CARE" "$LAST" received
in_dir "$ROOT/soum-4305" "$NODE" case submit "$CARE"
# The application's scan (a small PDF made here) goes up after the records, in pieces.
printf '%%PDF-1.4\n%% Асрамжийн газарт асруулахыг хүссэн өргөдөл\n%%%%EOF\n' > "$ROOT/soum-4305/application.pdf"
in_dir "$ROOT/soum-4305" "$NODE" case attach "$CARE" care_application application.pdf
in_dir "$ROOT/soum-4305" "$NODE" sync
in_dir "$ROOT/soum-4305" "$NODE" case files "$CARE"
in_dir "$ROOT/hub" "$HUB" fsck

step "the governor's decree, recorded at the hub, reaches the soum in one sync"
in_dir "$ROOT/hub" "$HUB" decide "$CARE" --approve --decree "А/245" --date "$(TZ=Asia/Ulaanbaatar date +%Y-%m-%d)" --received official_letter
in_dir "$ROOT/soum-4305" "$NODE" sync
in_dir "$ROOT/soum-4305" "$NODE" case show "$CARE"
in_dir "$ROOT/hub" "$HUB" decisions

step "life in care, recorded at the district: placed, warned, transferred, leaving at the resident's request"
in_dir "$ROOT/hub" "$HUB" case place "$CARE" --facility "Улаангом сумын ахмадын асрамжийн газар"
in_dir "$ROOT/hub" "$HUB" case discipline "$CARE" --measure council_warning --ground drinking
in_dir "$ROOT/hub" "$HUB" case transfer "$CARE" --to "Ховд аймгийн асрамжийн газар" --reason "гэр бүлдээ ойр"
in_dir "$ROOT/hub" "$HUB" case leave "$CARE" --reason own_request --clothes 150000 --travel 80000

step "a complaint at the soum, answered by the district, taken to the second level"
in_dir "$ROOT/soum-4305" "$NODE" case complain "$CARE" --text "Шилжүүлэлтийн талаар гомдол"
in_dir "$ROOT/soum-4305" "$NODE" sync
in_dir "$ROOT/hub" "$HUB" case answer "$CARE" --level 1 --text "Шилжүүлэлт хуульд нийцсэн"
in_dir "$ROOT/soum-4305" "$NODE" sync
in_dir "$ROOT/soum-4305" "$NODE" case complain "$CARE" --level 2 --text "Дээд шатанд хянуулъя"
in_dir "$ROOT/soum-4305" "$NODE" sync
in_dir "$ROOT/hub" "$HUB" case answer "$CARE" --level 2 --text "Дахин хянаж, хэвээр үлдээв"
in_dir "$ROOT/soum-4305" "$NODE" sync
in_dir "$ROOT/soum-4305" "$NODE" case show "$CARE"

step "the district officer edits at the hub; the social worker edits the same case offline"
CASE=4305-$(date -u +%Y)-000001
in_dir "$ROOT/hub" "$HUB" case set "$CASE" reviewer="Д. Оюунаа"
in_dir "$ROOT/soum-4305" "$NODE" case set "$CASE" address="Сүхбаатар сум, 3-р баг"
sleep 0.05
in_dir "$ROOT/hub" "$HUB" case set "$CASE" phone=88001122
sleep 0.05
in_dir "$ROOT/soum-4305" "$NODE" case set "$CASE" phone=99887766

step "sync back: both edits kept; the phone edited on both sides is one conflict, the same everywhere"
in_dir "$ROOT/soum-4305" "$NODE" sync
in_dir "$ROOT/soum-4305" "$NODE" case show "$CASE"
in_dir "$ROOT/soum-4305" "$NODE" conflicts
in_dir "$ROOT/hub" "$HUB" conflicts
ID=$(cd "$ROOT/hub" && "$HUB" conflicts --json | sed -n 's/.*"id" : "\(k[0-9a-f]*\)".*/\1/p' | head -n 1)
in_dir "$ROOT/hub" "$HUB" conflicts resolve "$ID" --keep other
in_dir "$ROOT/soum-4305" "$NODE" sync
in_dir "$ROOT/soum-4305" "$NODE" case show "$CASE"

step "the same person applying for the same allowance at a second soum is flagged"
in_dir "$ROOT/soum-4306" "$NODE" case new --service child-care-allowance --rd УБ99031212 --name "Бат-Эрдэнэ Дорж"
in_dir "$ROOT/soum-4306" "$NODE" sync
in_dir "$ROOT/hub" "$HUB" duplicates
in_dir "$ROOT/hub" "$HUB" report

step "work waiting for the district: applications submitted at each soum, a complaint, a phone edited at both ends, a decision one soum has not synced yet"
YEAR=$(date -u +%Y)
for pair in soum-4305:4305-$YEAR-000002 soum-4306:4306-$YEAR-000001 soum-4307:4307-$YEAR-000001; do
    soum=${pair%%:*} number=${pair#*:}
    collect_documents "$soum" "$number"
    in_dir "$ROOT/$soum" "$NODE" case submit "$number"
done
in_dir "$ROOT/soum-4306" "$NODE" case complain 4306-$YEAR-000001 --text "Хэзээ шийдэх вэ?"
in_dir "$ROOT/hub" "$HUB" case set 4305-$YEAR-000001 phone=88112233
sleep 0.05
in_dir "$ROOT/soum-4305" "$NODE" case set 4305-$YEAR-000001 phone=99112244
for soum in "${SOUMS[@]}"; do in_dir "$ROOT/$soum" "$NODE" sync >/dev/null; done
in_dir "$ROOT/hub" "$HUB" decide 4307-$YEAR-000001 --approve --decree "А/250" --date "$(TZ=Asia/Ulaanbaatar date +%Y-%m-%d)"
echo "(soum-4307 has not synced since: the desk lists the decision as not yet at its soum)"

step "status of each office"
for soum in "${SOUMS[@]}"; do in_dir "$ROOT/$soum" "$NODE" status; echo; done
in_dir "$ROOT/hub" "$HUB" office list

step "the administrators' view: every office's sync health, worst first"
(cd "$ROOT/hub" && "$HUB" admin add ops) > "$ROOT/hub/admin.token"
in_dir "$ROOT/hub" "$HUB" status
echo "dashboard: http://127.0.0.1:$PORT/ (user: anything, password: demo/hub/admin.token) while a hub serves;"
echo "'bash scripts/screenshot.sh' takes a picture of it"

step "the district officer's desk at the hub: an officer logs in and sees the queues"
head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$ROOT/hub/desk-password"
in_dir "$ROOT/hub" "$HUB" user add dulam --role officer --password-file desk-password
DESK="http://127.0.0.1:$PORT/desk"
jar="$ROOT/hub/desk-cookies"
csrf="$(curl -s -c "$jar" "$DESK/login" | sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' | head -n 1)"
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "_csrf=$csrf" --data-urlencode "name=dulam" \
    --data-urlencode "password=$(cat "$ROOT/hub/desk-password")" --data-urlencode "next=/desk/" "$DESK/login"
# One queue a row of the home page's table: its name and how many wait.
curl -s -b "$jar" "$DESK/" | sed 's/<tr /\n<tr /g' \
    | sed -n 's/^<tr id="queue-[a-z]*"><td>\(<a [^>]*>\)\{0,1\}\([^<]*\)\(<\/a>\)\{0,1\}<\/td><td class="num">\([0-9]*\)<.*/  \2: \4/p'
rm -f "$jar"
echo "desk: $DESK/ (user: dulam, password: demo/hub/desk-password) while a hub serves"

step "the social workers' web app on soum-4305's database (works without the hub)"
head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$ROOT/soum-4305/web-password"
in_dir "$ROOT/soum-4305" "$NODE" user add dolgor --password-file web-password
(cd "$ROOT/soum-4305" && exec "$NODE" serve --listen 127.0.0.1:0) > "$ROOT/soum-4305/web-serve.log" 2>&1 &
web_pid=$!
for _ in $(seq 100); do grep -q listening "$ROOT/soum-4305/web-serve.log" 2>/dev/null && break; sleep 0.1; done
WEB="$(head -n 1 "$ROOT/soum-4305/web-serve.log" | sed 's/listening on //')"
echo "$WEB/login answers: $(curl -s -o /dev/null -w '%{http_code}' "$WEB/login")"
kill "$web_pid"; wait "$web_pid" 2>/dev/null || true
echo "to use it: cd demo/soum-4305 && $NODE serve   # then open http://127.0.0.1:8471"
echo "           user: dolgor, password: demo/soum-4305/web-password ('bash scripts/web-screenshots.sh' takes pictures)"

step "the whole country: a national hub above this district (hub-43) and a second one (hub-44, Дорнод)"
mkdir -p "$ROOT/national" "$ROOT/hub-44" "$ROOT/soum-4401"
in_dir "$ROOT/national" "$HUB" init --id hub-mn
(cd "$ROOT/national" && "$HUB" district add hub-43 --name Сүхбаатар) > "$ROOT/hub/national-token"
(cd "$ROOT/national" && "$HUB" district add hub-44 --name Дорнод) > "$ROOT/hub-44/national-token"
echo "district tokens saved in demo/hub/national-token and demo/hub-44/national-token"
in_dir "$ROOT/hub-44" "$HUB" init --id hub-44
(cd "$ROOT/hub-44" && "$HUB" office add soum-4401) > "$ROOT/soum-4401/token"
national_pid="" hub44_pid=""
# Started in a subshell (serve_in), so not this shell's children: killed, not waited for.
cleanup_country() { for pid in "$national_pid" "$hub44_pid"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null; done; cleanup; }
trap cleanup_country EXIT
serve_in() {  # serve_in <folder> <log>: serves on a free port; prints the address
    (cd "$1" && exec "$HUB" serve --listen 127.0.0.1:0) > "$2" 2>&1 &
    echo $! > "$2.pid"
    for _ in $(seq 100); do grep -q listening "$2" 2>/dev/null && break; sleep 0.1; done
    head -n 1 "$2" | sed 's/listening on //'
}
NATIONAL_URL="$(serve_in "$ROOT/national" "$ROOT/national/serve.log")"; national_pid="$(cat "$ROOT/national/serve.log.pid")"
HUB44_URL="$(serve_in "$ROOT/hub-44" "$ROOT/hub-44/serve.log")"; hub44_pid="$(cat "$ROOT/hub-44/serve.log.pid")"
echo "national hub at $NATIONAL_URL, hub-44 at $HUB44_URL"
in_dir "$ROOT/hub" "$HUB" upstream --url "$NATIONAL_URL" --token-file national-token
in_dir "$ROOT/hub-44" "$HUB" upstream --url "$NATIONAL_URL" --token-file national-token
in_dir "$ROOT/soum-4401" "$NODE" init --office soum-4401 --hub "$HUB44_URL" --token-file token

step "the mother of soum-4305's child-care case applies again in Дорнод aimag"
MOVED=$(cd "$ROOT/soum-4401" && "$NODE" case new --service child-care-allowance --rd УБ99031212 --name "Бат-Эрдэнэ Дорж")
echo "new case: $MOVED"
in_dir "$ROOT/soum-4401" "$NODE" sync
in_dir "$ROOT/hub" "$HUB" sync
in_dir "$ROOT/hub-44" "$HUB" sync

step "the national hub sees every aimag: double applications across them, flagged on each case"
in_dir "$ROOT/national" "$HUB" duplicates --flag
in_dir "$ROOT/hub" "$HUB" sync >/dev/null
in_dir "$ROOT/hub-44" "$HUB" sync >/dev/null
in_dir "$ROOT/soum-4305" "$NODE" sync >/dev/null
in_dir "$ROOT/soum-4305" "$NODE" case show 4305-$YEAR-000001 | grep -i "давхар" || true

step "the family settles in soum-4307: the national hub moves the Дорнод case there, hub-43 decides"
in_dir "$ROOT/national" "$HUB" case transfer "$MOVED" --to soum-4307
in_dir "$ROOT/hub-44" "$HUB" sync >/dev/null
in_dir "$ROOT/hub" "$HUB" sync >/dev/null
in_dir "$ROOT/soum-4307" "$NODE" sync
in_dir "$ROOT/soum-4401" "$NODE" sync
in_dir "$ROOT/soum-4401" "$NODE" case list
collect_documents soum-4307 "$MOVED"
in_dir "$ROOT/soum-4307" "$NODE" case submit "$MOVED"
in_dir "$ROOT/soum-4307" "$NODE" sync >/dev/null
in_dir "$ROOT/hub" "$HUB" decide "$MOVED" --approve --decree "А/251" --date "$(TZ=Asia/Ulaanbaatar date +%Y-%m-%d)"
in_dir "$ROOT/soum-4307" "$NODE" sync
in_dir "$ROOT/soum-4307" "$NODE" case show "$MOVED"
in_dir "$ROOT/hub" "$HUB" sync

step "the national view: every district hub and, below it, the soums it reported; the report by aimag"
in_dir "$ROOT/national" "$HUB" status
in_dir "$ROOT/national" "$HUB" report
echo "national dashboard: $NATIONAL_URL/ while it serves ('halamj-hub admin add' in demo/national first)"

step "done: the databases stay in demo/ (national/, hub/ and hub-44/halamj-hub.db, soum-*/halamj-node.db)"
