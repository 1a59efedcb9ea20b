#!/usr/bin/env bash
# gen-kubectl-trees.sh [OUT]
#
# Regenerates schema/kubectl/tree.json (or OUT): fetches every kubectl of
# tools/kubectl-versions.txt (tools/fetch-kubectl.sh, cached in ~/.cache/rbc),
# generates each version's tree with tools/gen-kubectl-tree.py, and merges them with
# tools/merge-kubectl-trees.py, which refuses to write a file that does not give
# back each tree exactly.  Takes about 3 minutes per version on 2 cores (half an
# hour for nine); not run by CI, which checks the committed file instead.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-schema/kubectl/tree.json}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
trees=()
for minor in $(grep -v '^#' tools/kubectl-versions.txt | awk 'NF { print $1 }'); do
    k="$(bash tools/fetch-kubectl.sh "$minor")"
    echo "gen-kubectl-trees: kubectl $minor" >&2
    python3 tools/gen-kubectl-tree.py --kubectl "$k" -q -o "$work/$minor.json"
    trees+=("$work/$minor.json")
done
python3 tools/merge-kubectl-trees.py merge "${trees[@]}" -o "$out"
echo "gen-kubectl-trees: wrote $out" >&2
