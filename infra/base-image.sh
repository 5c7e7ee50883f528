#!/usr/bin/env bash
# Builds the base image `localhost/vigie-node-base:<major>` from this machine's own Node (its
# binary, the shared libraries it links, CA certificates, a non-root `vigie` user), for machines
# that reach no image registry. Elsewhere, build infra/Dockerfile with
# `--build-arg BASE=node:20-bookworm-slim` instead.
set -euo pipefail
node_bin="$(command -v node)"
major="$(node -p 'process.versions.node.split(".")[0]')"
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/usr/bin" "$root/etc/ssl/certs" "$root/tmp" "$root/app"
chmod 1777 "$root/tmp"
cp "$node_bin" "$root/usr/bin/node"
for lib in $(ldd "$node_bin" | grep -o '/[^ ]*'); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nvigie:x:10001:10001:vigie:/app:/usr/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nvigie:x:10001:\n' >"$root/etc/group"
tar -C "$root" -c . | podman import --change 'CMD ["/usr/bin/node"]' - "localhost/vigie-node-base:$major" >/dev/null
echo "localhost/vigie-node-base:$major"
