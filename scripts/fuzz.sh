#!/usr/bin/env bash
# Longer fuzzing with libFuzzer (see docs/fuzzing.md):
#   bash scripts/fuzz.sh parser 60     # the request parser and chunked decoder, 60 seconds
#   bash scripts/fuzz.sh push 600      # push bodies through the decoder and the push handler
#   bash scripts/fuzz.sh check         # type-checks both harnesses against the last debug build (CI)
# Extra arguments go to libFuzzer (e.g. -jobs=2, -max_len=65536, or a crash file to replay it:
#   bash scripts/fuzz.sh parser 0 crash-…). Builds the product modules and the harness with
# -sanitize=fuzzer,address into .build/fuzz (only when a source changed); the corpus grows in
# .build/fuzz/corpus-<target>, crashes land in .build/fuzz/artifacts-<target>.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: bash scripts/fuzz.sh parser|push [seconds] [libFuzzer options…] | check" >&2; exit 2; }
target=${1:-}
# The C modules' folders (module maps), for every swiftc below.
c_modules=(-I Sources/CSQLite -I Sources/CZlib -I Sources/CMalloc)

# The harnesses are no SwiftPM targets (libFuzzer supplies their main), so `swift build` does not
# see them: CI type-checks them against the modules `swift build --build-tests` just made, about
# a second, so that a renamed API fails CI rather than the next fuzzing session.
if [ "$target" = check ]; then
    modules="$(swift build --show-bin-path)/Modules"
    [ -d "$modules" ] || { echo "fuzz.sh check: no $modules; run swift build --build-tests first" >&2; exit 1; }
    swiftc -typecheck -parse-as-library -I "$modules" "${c_modules[@]}" Fuzz/RequestParserFuzzer.swift
    swiftc -typecheck -parse-as-library -I "$modules" "${c_modules[@]}" Fuzz/PushBodyFuzzer.swift Tests/FuzzTests/JSONMutator.swift
    exit 0
fi
seconds=${2:-60}
[ $# -ge 1 ] && shift
[ $# -ge 1 ] && shift
case "$target" in
    parser) harness=Fuzz/RequestParserFuzzer.swift; dict=Fuzz/http.dict; max_len=8192 ;;
    # The push harness also compiles the test target's structural JSON mutator.
    push) harness="Fuzz/PushBodyFuzzer.swift Tests/FuzzTests/JSONMutator.swift"; dict=Fuzz/json.dict; max_len=16384 ;;
    *) usage ;;
esac
[[ "$seconds" =~ ^[0-9]+$ ]] || usage

build=.build/fuzz
mkdir -p "$build"
# -O keeps every runtime check a debug build has (overflow, bounds, preconditions); -sanitize=fuzzer
# adds libFuzzer's coverage instrumentation, address adds ASan.
flags=(-O -g -sanitize=fuzzer,address -parse-as-library -I "$build" "${c_modules[@]}")

# Builds one product module into an object file and its .swiftmodule, unless they are up to date.
module() {
    local name=$1
    local sources
    sources=$(find "Sources/$name" -name '*.swift' | sort)
    if [ -f "$build/$name.o" ] && [ -z "$(find "Sources/$name" scripts/fuzz.sh -newer "$build/$name.o" -print -quit)" ] \
        && [ -z "${rebuilt:-}" ]; then
        return
    fi
    echo "fuzz.sh: building $name with -sanitize=fuzzer,address" >&2
    # shellcheck disable=SC2086
    swiftc "${flags[@]}" -wmo -module-name "$name" -emit-module -emit-module-path "$build/$name.swiftmodule" \
        -c -o "$build/$name.o" $sources
    touch "$build/$name.o"  # swiftc leaves an unchanged object file untouched: mark it up to date
    rebuilt=1
}
rebuilt=
modules=(SyncModel HalamjCompression ReplicaStorage CaseBooks HalamjHTTP HubServer)  # in dependency order
for name in "${modules[@]}"; do module "$name"; done
objects=()
for name in "${modules[@]}"; do objects+=("$build/$name.o"); done

binary="$build/$target-fuzzer"
stale=
for file in $harness "${objects[@]}"; do
    [ "$file" -nt "$binary" ] && stale=1
done
if [ -n "$rebuilt" ] || [ ! -x "$binary" ] || [ -n "$stale" ]; then
    echo "fuzz.sh: linking $binary" >&2
    # shellcheck disable=SC2086
    # (gold warns about every ASan helper it cannot export: noise, filtered.)
    swiftc "${flags[@]}" -module-name "${target^}Fuzzer" $harness \
        "${objects[@]}" -lsqlite3 -lz -o "$binary" 2>&1 \
        | { grep -v "Cannot export local symbol" || true; } >&2
    touch "$binary"
fi

corpus="$build/corpus-$target"
artifacts="$build/artifacts-$target"
mkdir -p "$corpus" "$artifacts"
# ASan: Swift's runtime keeps some allocations for the process's lifetime; leak reports would be noise.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
# Swift's backtracer would inspect the crashed process under ASan (noise); libFuzzer reports the trap.
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}
# A crash file given on the command line is replayed instead of fuzzing.
for argument in "$@"; do
    if [ -f "$argument" ]; then
        exec "$binary" "$@"
    fi
done
exec "$binary" -max_total_time="$seconds" -print_final_stats=1 -max_len="$max_len" -dict="$dict" \
    -artifact_prefix="$artifacts/" -timeout=10 -rss_limit_mb=2048 "$@" "$corpus" "Fuzz/seeds/$target"
