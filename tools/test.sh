#!/usr/bin/env bash
# Every test, as the README and CI run them: sets up (system packages, and torch in
# .venv-torch/ via tools/setup-torch.sh), checks the code is formatted by the committed
# .swift-format, starts a local Slurm (tools/slurm-local) for the Slurm backend's tests, runs
# every test of the package, then the cross-check of the Swift engine against the torch runner
# (tools/crosscheck-torch.sh), then the torch runner's own tests (pytest over the torch-free
# modules of tools/blocksweep_torch/, with the interpreter setup-torch.sh installed, at most
# 300 s), then the figures CI gates (tools/bench-all.sh --gates). Each phase's time is printed
# apart at the end (set-up, format, build, swift test, cross-check, pytest, gates). With CI set,
# a test that needs torch or Slurm fails instead of skipping when it is missing. Reformat with
# tools/format.sh.
#
#   tools/test.sh --quick    the edit-test loop: builds, then runs every test but those tagged
#                            slurm, torch or slow (Tests/Support/Tags.swift); no set-up, no
#                            Slurm, no cross-check. Under 90 s after a build.
#
# Other arguments go to `swift test`, e.g. tools/test.sh --filter BlockBenchTests.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"

quick=false
if [ "${1:-}" = --quick ]; then quick=true; shift; fi

phases=()
phase() {  # phase NAME COMMAND...: runs it and records how long it took
  local name=$1 start=$SECONDS
  shift
  "$@"
  phases+=("$name $((SECONDS - start)) s")
}
summary() { echo "test.sh: $(IFS=';'; echo "${phases[*]}" | sed 's/;/, /g')"; }

if $quick; then
  phase build swift build --build-tests
  export BLOCKSWEEP_QUICK=1
  phase "swift test --quick" swift test --skip-build "$@"
  summary
  exit 0
fi

unset BLOCKSWEEP_QUICK
setup() {
  tools/install-deps.sh
  BLOCKSWEEP_PYTHON="$(tools/setup-torch.sh | tail -1)"
  export BLOCKSWEEP_PYTHON
  # The Slurm backend's tests run against a real single-node Slurm with two fake GPUs. Without
  # one they are skipped, except under CI=true, where they fail: CI tests the backend for real.
  if [ "$(id -u)" = 0 ]; then
    tools/slurm-local start --gpus 2 || echo "test.sh: the local Slurm did not start; the Slurm tests fail under CI=true" >&2
  else
    echo "test.sh: not root, so no local Slurm (tools/slurm-local start needs root); the Slurm tests skip, or fail under CI=true" >&2
  fi
}
lint() {
  if ! swift format lint --strict --parallel --recursive Sources Tests Package.swift; then
    echo "test.sh: the code is not formatted as .swift-format says; run tools/format.sh" >&2
    exit 1
  fi
}
phase set-up setup
phase format lint
phase build swift build --build-tests
phase "swift test" swift test --skip-build "$@"
phase cross-check env BLOCKSWEEP_BIN="$PWD/.build/debug/blocksweep" tools/crosscheck-torch.sh
phase pytest timeout 300 "$BLOCKSWEEP_PYTHON" -m pytest -q -p no:cacheprovider tools/blocksweep_torch/tests
# The figures CI gates: deterministic ones only (tools/bench-all.sh --gates).
phase gates env BLOCKSWEEP="$PWD/.build/debug/blocksweep" tools/bench-all.sh --gates
summary
