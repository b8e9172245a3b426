#!/usr/bin/env bash
# Sets up (tools/setup.sh) and runs every test of the package.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
swift build --build-tests
swift test --skip-build "$@"
