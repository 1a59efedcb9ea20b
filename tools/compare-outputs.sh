#!/usr/bin/env bash
# compare-outputs.sh OLD_RBC NEW_RBC [DIR...]
#
# For a refactoring that must keep every output byte-identical: runs both binaries on
# each DIR (default: runbooks-md, tests/fixtures, ../shared/corpora/* when present, and
# the benchmark corpus target/tmp/bench/corpus-100 when generated) and compares the
# reports in every format (human, short, json, sarif, junit, with exit status), the
# sha256 of every file `rbc build --allow-errors` writes, `rbc schema` and
# `rbc rules --book`. Prints the differences; exit 1 when there are any.
# Build the old binary first, e.g. `git stash; cargo build --release; cp
# target/release/rbc /tmp/rbc-old; git stash pop; cargo build --release`.
set -uo pipefail
old=$(realpath "$1"); new=$(realpath "$2"); shift 2
cd "$(dirname "$0")/.."
top=$(pwd)
dirs=("$@")
if [ ${#dirs[@]} -eq 0 ]; then
    dirs=(runbooks-md tests/fixtures)
    for c in ../shared/corpora/*/ target/tmp/bench/corpus-100; do [ -d "$c" ] && dirs+=("$c"); done
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run() { # run BIN OUT
    local bin=$1 out=$2
    mkdir -p "$out"
    for d in "${dirs[@]}"; do
        local n; n=$(echo "$d" | tr '/.' '__')
        for f in human short json sarif junit; do
            (cd "$top/$d" && "$bin" check --format "$f" . >"$out/$n.$f" 2>&1; echo "exit $?" >>"$out/$n.$f")
        done
        rm -rf "$work/dist"
        (cd "$top/$d" && "$bin" build --allow-errors -o "$work/dist" . >"$out/$n.build" 2>&1; echo "exit $?" >>"$out/$n.build")
        sed -i "s|$work|WORK|g" "$out/$n.build"
        (cd "$work" && find dist -type f | sort | xargs sha256sum) >"$out/$n.dist.sha" 2>/dev/null
    done
    "$bin" schema --out-dir "$out/schema" >/dev/null 2>&1
    "$bin" rules --book "$out/rules" >/dev/null 2>&1
}
run "$old" "$work/old"
run "$new" "$work/new"
if diff -r "$work/old" "$work/new"; then
    echo "compare-outputs: identical on ${#dirs[@]} folders"
else
    exit 1
fi
