#!/usr/bin/env bash
# Sets up (system packages, and torch in .venv-torch/ via tools/setup-torch.sh), checks the code
# is formatted by the committed .swift-format, starts a local Slurm (tools/slurm-local) for the
# Slurm backend's tests, runs every test of the package, then the cross-check of the Swift engine
# against the torch runner (tools/crosscheck-torch.sh). Extra arguments go to `swift test`, e.g.
# tools/test.sh --filter BlockBenchTests. Reformat with tools/format.sh. The torch tests find the
# venv's interpreter in BLOCKSWEEP_PYTHON; with CI set, a test that needs torch or Slurm fails
# instead of skipping when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
if ! swift format lint --strict --parallel --recursive Sources Tests Package.swift; then
  echo "test.sh: the code is not formatted as .swift-format says; run tools/format.sh" >&2
  exit 1
fi
BLOCKSWEEP_PYTHON="$(tools/setup-torch.sh | tail -1)"
export BLOCKSWEEP_PYTHON
swift build --build-tests
# The Slurm backend's tests run against a real single-node Slurm with two fake GPUs. Without
# one they are skipped, except under CI=true, where they fail: CI tests the backend for real.
if [ "$(id -u)" = 0 ]; then
  tools/slurm-local start --gpus 2 || echo "test.sh: the local Slurm did not start; the Slurm tests fail under CI=true" >&2
else
  echo "test.sh: not root, so no local Slurm (tools/slurm-local start needs root); the Slurm tests skip, or fail under CI=true" >&2
fi
swift test --skip-build "$@"
BLOCKSWEEP_BIN="$PWD/.build/debug/blocksweep" tools/crosscheck-torch.sh
