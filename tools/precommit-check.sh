#!/usr/bin/env bash
# Runs rbc's own pre-commit hook (`.pre-commit-hooks.yaml`) from this checkout with
# `pre-commit try-repo` on fixture repositories: one with a broken link must fail with
# rbc's finding, a clean one must pass, and a copy of the whole `runbooks-md/` corpus
# with one file changed must pass when pre-commit passes only that file (its runbook
# IDs are defined in the other files) and fail when that file mentions an ID defined
# nowhere. pre-commit builds rbc with cargo.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
command -v pre-commit >/dev/null 2>&1 || python3 -m pip install --quiet 'pre-commit>=3'
work="$(mktemp -d)"
log="$(mktemp)"
trap 'rm -rf "$work" "$log"' EXIT
cd "$work"
git init -q
git config user.email ci@example.invalid
git config user.name ci
cp "$repo/tests/fixtures/rules/L001-broken-link/links.md" .
git add . && git commit -qm "a runbook with a broken link"
if pre-commit try-repo "$repo" rbc-check --all-files >"$log" 2>&1; then
  cat "$log"
  echo "pre-commit: the hook passed on a broken runbook" >&2
  exit 1
fi
grep -q "error\[L001\]" "$log" || { cat "$log"; echo "pre-commit: no L001 finding" >&2; exit 1; }
git rm -q links.md
cp "$repo/tests/fixtures/shapes/single/RB-101-pod-pending.md" .
git add -A && git commit -qm "a clean runbook"
pre-commit try-repo "$repo" rbc-check --all-files >"$log" 2>&1 || { cat "$log"; echo "pre-commit: the hook failed on a clean runbook" >&2; exit 1; }
git rm -q RB-101-pod-pending.md
mkdir runbooks-md
cp "$repo"/runbooks-md/*.md "$repo"/runbooks-md/runbooks.yaml runbooks-md/
git add -A && git commit -qm "the bundled corpus"
one=runbooks-md/INCIDENT_RESPONSE.md
printf '\nReviewed after the last incident.\n' >>"$one"
pre-commit try-repo "$repo" rbc-check --files "$one" >"$log" 2>&1 || { cat "$log"; echo "pre-commit: the hook failed on one changed file of the clean corpus" >&2; exit 1; }
grep -q "rbc check (runbooks).*Passed" "$log" || { cat "$log"; echo "pre-commit: the hook did not run on $one" >&2; exit 1; }
printf '\nIf that fails, follow RB-099.\n' >>"$one"
if pre-commit try-repo "$repo" rbc-check --files "$one" >"$log" 2>&1; then
  cat "$log"
  echo "pre-commit: the hook passed on a reference to a runbook that exists nowhere" >&2
  exit 1
fi
grep -q "error\[L003\]: \`RB-099\`" "$log" || { cat "$log"; echo "pre-commit: no L003 finding for RB-099" >&2; exit 1; }
echo "pre-commit try-repo: fails on the broken fixture, passes on the clean one; one changed file of runbooks-md/ passes alone, and fails with an unknown ID"
