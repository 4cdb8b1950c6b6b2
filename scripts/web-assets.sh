#!/bin/sh
# scripts/web-assets.sh - puts the page's Arabic web font (Noto Naskh Arabic,
# arabic subset, weights 400 and 700, woff2) into web/fonts/ when it is
# missing, from the npm registry package @fontsource/noto-naskh-arabic.
#
# The two files (about 105 KB, SIL Open Font License 1.1, which allows
# redistribution; web/fonts/OFL.txt) are committed, so a checkout serves
# the page without network; this script re-creates them (after a clean, or
# to update the version) and is what `khabar serve --web DIR` expects in
# DIR/fonts/.  Usage: sh scripts/web-assets.sh [WEB_DIR]
set -e
cd "$(dirname "$0")/.."
web=${1:-web}
pkg=@fontsource/noto-naskh-arabic
want="noto-naskh-arabic-arabic-400-normal.woff2 noto-naskh-arabic-arabic-700-normal.woff2"
missing=""
for f in $want; do
    [ -s "$web/fonts/$f" ] || missing="$missing $f"
done
if [ -z "$missing" ]; then
    exit 0
fi
command -v npm >/dev/null 2>&1 || {
    echo "web-assets: npm is needed to fetch $pkg (apt-get install npm)" >&2
    exit 1
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$pkg" >/dev/null 2>&1) || {
    echo "web-assets: npm pack $pkg failed" >&2
    exit 1
}
tar -xzf "$tmp"/*.tgz -C "$tmp"
mkdir -p "$web/fonts"
for f in $want; do
    cp "$tmp/package/files/$f" "$web/fonts/$f"
done
cp "$tmp/package/LICENSE" "$web/fonts/OFL.txt"
echo "web-assets: fonts copied into $web/fonts/"
