#!/bin/sh
# scripts/deps.sh - installs the Debian packages khabar builds and runs with,
# only those missing.  Sourced by scripts/demo and scripts/test; needs root
# (or sudo) only when something is missing.  KH_DEBS_EXTRA adds packages
# (scripts/test: the style checkers).
KH_DEBS="build-essential pkg-config libsqlite3-dev libstemmer-dev libutf8proc-dev \
libgumbo-dev libjansson-dev libmicrohttpd-dev libxxhash-dev zlib1g-dev ${KH_DEBS_EXTRA:-}"
kh_missing=""
for p in $KH_DEBS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || kh_missing="$kh_missing $p"
done
if [ -n "$kh_missing" ]; then
    echo "khabar: installing$kh_missing" >&2
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq >/dev/null &&
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $kh_missing >/dev/null ||
        { echo "khabar: apt-get install$kh_missing failed" >&2; exit 1; }
fi
