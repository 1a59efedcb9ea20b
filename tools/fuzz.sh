#!/usr/bin/env bash
# Run rbc's fuzz targets with cargo-fuzz (libFuzzer).
#
#   bash tools/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# cargo-fuzz needs nightly-only compiler flags (-Zsanitizer). This machine has one
# stable toolchain, so the script sets RUSTC_BOOTSTRAP=1, which lets that stable
# compiler accept them; with a nightly toolchain installed, `cargo +nightly fuzz`
# works the same without it. Seeds: fuzz/seeds/<target>/ (committed) plus the
# corpus of earlier runs in fuzz/corpus/ (not committed). Crashes land in
# fuzz/artifacts/<target>/; copy each into fuzz/regressions/<target>/ and it becomes
# a test (tests/it/fuzz_regressions.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(markdown bash kubectl config check)

command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1

for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  echo "== $t: ${secs}s"
  cargo fuzz run --fuzz-dir fuzz "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
    -max_total_time="$secs" -timeout=1 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 2>&1 | tee "fuzz/artifacts/$t/last-run.log" \
    | grep -E "^(#[0-9]+ +DONE|stat::|==[0-9]+==|SUMMARY|Done|INFO: Running)" || true
  if ls "fuzz/artifacts/$t"/crash-* "fuzz/artifacts/$t"/timeout-* "fuzz/artifacts/$t"/oom-* >/dev/null 2>&1; then
    echo "!! $t: findings in fuzz/artifacts/$t"
  fi
done
