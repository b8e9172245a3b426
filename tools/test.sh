#!/usr/bin/env bash
# Sets up (system packages), checks the code is formatted by the committed .swift-format, and
# runs every test of the package. Extra arguments go to `swift test`, e.g.
# tools/test.sh --filter BlockBenchTests. Reformat with tools/format.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
if ! swift format lint --strict --parallel --recursive Sources Tests Package.swift; then
  echo "test.sh: the code is not formatted as .swift-format says; run tools/format.sh" >&2
  exit 1
fi
swift build --build-tests
swift test --skip-build "$@"
