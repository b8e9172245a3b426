#!/usr/bin/env bash
# Engine speed (issue 2, point 6): full_update step rate against this machine's own sgemm on the
# block's shapes, static_suffix against the bound 3N/(N+2K), and memory over 500 steps.
# Usage: tools/bench-engine.sh [engine-speed options, e.g. --threads 2 --rounds 7]
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product engine-speed >&2
exec .build/release/engine-speed "$@"
