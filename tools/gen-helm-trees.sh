#!/usr/bin/env bash
# gen-helm-trees.sh [OUT]
#
# Regenerates schema/helm/tree.json (or OUT): fetches every helm of
# tools/helm-versions.txt (tools/fetch-helm.sh, cached in ~/.cache/rbc), generates
# each version's tree with tools/gen-helm-tree.py, and merges them with
# tools/merge-helm-trees.py, which refuses to write a file that does not give back
# each tree exactly.  About 2.5 minutes per version on 2 cores; nothing needs a
# cluster or the network (except PyPI for the first fetch).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-schema/helm/tree.json}"
mkdir -p "$(dirname "$out")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
trees=()
for minor in $(grep -v '^#' tools/helm-versions.txt | awk 'NF { print $1 }'); do
    h="$(bash tools/fetch-helm.sh "$minor")"
    echo "gen-helm-trees: helm $minor" >&2
    python3 tools/gen-helm-tree.py --helm "$h" -q -o "$work/$minor.json"
    trees+=("$work/$minor.json")
done
python3 tools/merge-helm-trees.py merge "${trees[@]}" -o "$out"
echo "gen-helm-trees: wrote $out" >&2
