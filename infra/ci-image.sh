#!/usr/bin/env bash
# CI: builds the image from the standalone deployable and runs `vigie --help` in it (podman with
# runc: crun cannot start containers in this sandbox; rlimits kept within the sandbox's own).
# Expects `pnpm build` done. Usage: infra/ci-image.sh [tag]
set -euo pipefail
cd "$(dirname "$0")/.."
tag="${1:-localhost/vigie:ci}"
if ! command -v podman >/dev/null 2>&1 || ! command -v runc >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends podman runc >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends podman runc >/dev/null; }
fi
limits=(--ulimit nofile=20000:20000 --ulimit nproc=4096:4096)
base="$(infra/base-image.sh)"
context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT
rmdir "$context"
# --prefer-offline, not --offline: a fresh machine has the packages (install) but not their metadata.
out="$(pnpm --filter @vigie/cli deploy --legacy --prod --prefer-offline "$context" 2>&1)" || { echo "$out" >&2; exit 1; }
podman build -q "${limits[@]}" --build-arg "BASE=$base" -f infra/Dockerfile -t "$tag" "$context" >/dev/null
help="$(podman run --rm --runtime runc "${limits[@]}" "$tag" --help)"
grep -q "worker" <<<"$help" || { echo "vigie --help in the image printed no command list" >&2; exit 1; }
echo "image $tag: vigie --help runs as $(podman run --rm --runtime runc "${limits[@]}" --entrypoint /usr/bin/node "$tag" -e 'process.stdout.write(require("node:os").userInfo().username)')"
