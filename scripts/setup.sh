#!/usr/bin/env bash
# Installs what building Halamj needs on a fresh Debian machine: the SQLite and
# libcurl development packages, zlib's (and pkg-config), iproute2 (ip and tc, with which
# SlowLinkTests and `halamj-bench --only slow-link` emulate a 32 kbit/s link), nginx and
# openssl (TLSTests run deploy/nginx/halamj-hub.conf in front of a hub), plus any
# packages named as arguments. Safe to run again: it installs only what is missing. Needs root (or
# sudo) only when something is missing.
set -euo pipefail

need=()
for pkg in libsqlite3-dev libcurl4-openssl-dev zlib1g-dev pkg-config iproute2 nginx openssl; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ "${#need[@]}" -gt 0 ]; then
    echo "setup: installing ${need[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    # The tests start nginx themselves, on a port of their own; Debian's service, which the
    # package enables on port 80, is not wanted on a build machine.
    if [[ " ${need[*]} " == *" nginx "* ]] && command -v systemctl >/dev/null 2>&1; then
        $sudo systemctl disable --now nginx.service >/dev/null 2>&1 || true
    fi
fi

if ! command -v swift >/dev/null 2>&1; then
    if [ -x /opt/swift/usr/bin/swift ]; then
        export PATH="/opt/swift/usr/bin:$PATH"
    else
        echo "setup: no Swift toolchain found; install Swift 6 (swift.org) and put it on PATH" >&2
        exit 1
    fi
fi
