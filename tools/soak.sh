#!/usr/bin/env bash
# Proof that the suite neither races nor depends on the machine's speed: runs every test N
# times in a row (the test binary `swift test` runs, Slurm and torch included, as CI runs
# them) beside busy loops
# that take every core, and stops at the first failure, keeping its log.
#
#   tools/soak.sh 5               # five runs, as issue 19 asks; a summary line per run
#   tools/soak.sh 1 --width 32    # one run with Swift Testing running up to 32 tests at once
#                                 # (its --experimental-maximum-parallelization-width)
#   BUSY=4 tools/soak.sh 3        # four busy loops instead of one per core
#
# Set up as tools/test.sh does (deps, torch venv, local Slurm) before the first run. Logs go to
# ${SOAK_DIR:-/tmp/blocksweep-soak}/run-K.log; the last line is the verdict.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
runs="${1:-5}"
shift || true
width=()
if [ "${1:-}" = --width ]; then
  [ -n "${2:-}" ] || { echo "soak.sh: --width needs a number" >&2; exit 2; }
  width=(--experimental-maximum-parallelization-width "$2")
  shift 2
fi
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "soak.sh: N must be a positive number of runs, got '$runs'" >&2; exit 2; }
busy="${BUSY:-$(nproc)}"
dir="${SOAK_DIR:-/tmp/blocksweep-soak}"
mkdir -p "$dir"

tools/install-deps.sh
BLOCKSWEEP_PYTHON="$(tools/setup-torch.sh | tail -1)"
export BLOCKSWEEP_PYTHON CI=true
unset BLOCKSWEEP_QUICK
[ "$(id -u)" = 0 ] && tools/slurm-local start --gpus 2
swift build --build-tests
tests="$(swift build --show-bin-path)/blocksweepPackageTests.xctest"

pids=()
for _ in $(seq "$busy"); do
  ( while :; do :; done ) &
  pids+=($!)
done
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
echo "soak.sh: $runs run(s) of the whole suite beside $busy busy loop(s) on $(nproc) core(s)${width[*]:+, ${width[*]}}"

for k in $(seq "$runs"); do
  log="$dir/run-$k.log"
  start=$SECONDS
  # The test binary itself, as `swift test` runs it, so the width flag reaches Swift Testing.
  if "$tests" --testing-library swift-testing "${width[@]}" "$@" >"$log" 2>&1; then
    echo "run $k: $(grep -a 'Test run with' "$log" | tail -1 | sed 's/^[^A-Za-z]*//') ($((SECONDS - start)) s)"
  else
    echo "run $k FAILED after $((SECONDS - start)) s; its log: $log"
    grep -a -E '✘|recorded an issue' "$log" | head -20
    exit 1
  fi
done
echo "soak.sh: $runs of $runs runs passed, no failure"
