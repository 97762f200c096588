#!/usr/bin/env bash
# Provides headless Chromium for the browser tests (the dashboard test in tests/Mosaic.Deploy.Tests): installs the
# Debian packages chromium when /usr/bin/chromium is missing (as root, or with sudo), and prints the line that
# exports MOSAIC_TEST_CHROMIUM.
#
# Usage: eval "$(infra/scripts/ci-chromium.sh)"
set -euo pipefail

log() { echo "ci-chromium: $*" >&2; }

if ! command -v chromium >/dev/null 2>&1; then
    log "installing chromium from the Debian packages"
    as_root=()
    [ "$(id -u)" -eq 0 ] || as_root=(sudo -n)
    export DEBIAN_FRONTEND=noninteractive
    "${as_root[@]}" apt-get update -qq >&2
    "${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium >&2
fi

path="$(command -v chromium)"
log "ready: $("$path" --version 2>/dev/null || echo "$path")"
echo "export MOSAIC_TEST_CHROMIUM='$path'"
