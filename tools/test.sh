#!/usr/bin/env bash
# Sets up (system packages) and runs every test of the package. Extra arguments go to
# `swift test`, e.g. tools/test.sh --filter BlockBenchTests.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
swift build --build-tests
swift test --skip-build "$@"
