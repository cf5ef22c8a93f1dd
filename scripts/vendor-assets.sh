#!/usr/bin/env bash
# Vendor front-end assets from the npm registry as built files; versions recorded in VERSIONS.txt.
# Run by hand when upgrading: bash scripts/vendor-assets.sh. Nothing is fetched at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=hocvuso/web/static/vendor
mkdir -p "$dest"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
HTMX_VERSION=2.0.4
(cd "$tmp" && npm pack --silent "htmx.org@${HTMX_VERSION}" >/dev/null && tar xzf htmx.org-${HTMX_VERSION}.tgz)
cp "$tmp/package/dist/htmx.min.js" "$dest/htmx.min.js"
{
  echo "# Vendored front-end assets (scripts/vendor-assets.sh)"
  echo "htmx.org ${HTMX_VERSION} dist/htmx.min.js sha256=$(sha256sum "$dest/htmx.min.js" | cut -d' ' -f1)"
} > "$dest/VERSIONS.txt"
echo "vendored into $dest"
