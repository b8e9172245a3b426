#!/usr/bin/env bash
# Installs what blocksweep needs on a fresh Debian machine and builds it (release):
# the binary is then .build/release/blocksweep.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product blocksweep >&2
