#!/usr/bin/env bash
# Vendor front-end assets from the npm registry as built files; versions recorded in VERSIONS.txt.
# Run by hand when upgrading: bash scripts/vendor-assets.sh. Nothing is fetched at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=hocvuso/web/static/vendor
mkdir -p "$dest" "$dest/fonts"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

HTMX_VERSION=2.0.4
(cd "$tmp" && mkdir htmx && cd htmx && npm pack --silent "htmx.org@${HTMX_VERSION}" >/dev/null && tar xzf htmx.org-${HTMX_VERSION}.tgz)
cp "$tmp/htmx/package/dist/htmx.min.js" "$dest/htmx.min.js"

# Khmer web font (issue 3 §3): the Khmer subset only, woff2 only, regular and bold. site.css declares it
# with unicode-range U+1780-17FF,U+19E0-19FF, so a phone downloads it only when Khmer text is on the page.
KHMER_FONT_VERSION=5.3.0
(cd "$tmp" && mkdir khmer && cd khmer && npm pack --silent "@fontsource/noto-sans-khmer@${KHMER_FONT_VERSION}" >/dev/null \
  && tar xzf fontsource-noto-sans-khmer-${KHMER_FONT_VERSION}.tgz)
for weight in 400 700; do
  cp "$tmp/khmer/package/files/noto-sans-khmer-khmer-${weight}-normal.woff2" "$dest/fonts/"
done
cp "$tmp/khmer/package/LICENSE" "$dest/fonts/noto-sans-khmer-LICENSE.txt"

{
  echo "# Vendored front-end assets (scripts/vendor-assets.sh)"
  echo "htmx.org ${HTMX_VERSION} dist/htmx.min.js sha256=$(sha256sum "$dest/htmx.min.js" | cut -d' ' -f1)"
  for weight in 400 700; do
    f="fonts/noto-sans-khmer-khmer-${weight}-normal.woff2"
    echo "@fontsource/noto-sans-khmer ${KHMER_FONT_VERSION} files/noto-sans-khmer-khmer-${weight}-normal.woff2 (SIL OFL 1.1) sha256=$(sha256sum "$dest/$f" | cut -d' ' -f1)"
  done
} > "$dest/VERSIONS.txt"
echo "vendored into $dest"
