#!/usr/bin/env bash
# fetch-check-jsonschema.sh [DEST_DIR]
#
# Installs PyPI's check-jsonschema (pinned) into a virtual environment at DEST_DIR
# (default ${RBC_CHECK_JSONSCHEMA_DIR:-$HOME/.cache/rbc/check-jsonschema-$VERSION}) and
# prints the path of its `check-jsonschema`. The tests validate action.yml and the
# pipeline recipes of examples/ci/ with its vendored schemas, offline
# (--builtin-schema vendor.github-actions, vendor.github-workflows, vendor.gitlab-ci).
# Idempotent: does nothing but print the path when that version is already there.
set -euo pipefail

VERSION="0.37.0"
dest="${1:-${RBC_CHECK_JSONSCHEMA_DIR:-$HOME/.cache/rbc/check-jsonschema-${VERSION}}}"
bin="$dest/bin/check-jsonschema"

if [[ -x "$bin" ]] && "$bin" --version 2>/dev/null | grep -q "version ${VERSION}\$"; then
    echo "$bin"
    exit 0
fi

echo "fetch-check-jsonschema: installing check-jsonschema==$VERSION into $dest" >&2
# A venv's scripts name their interpreter by absolute path: it is built in place.
rm -rf "$dest"
python3 -m venv "$dest" >&2
"$dest/bin/python" -m pip install --quiet --disable-pip-version-check \
    "check-jsonschema==$VERSION" >&2
"$bin" --version >&2
echo "$bin"
