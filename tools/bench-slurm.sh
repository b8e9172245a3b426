#!/usr/bin/env bash
# Slurm backend overhead: N trivial command jobs (copy a result file) through
# `blocksweep run --backend slurm` on the local Slurm, against a plain `sbatch --array` of the
# same N commands waited for with squeue, in the same run. Prints each time, the medians of
# REPEATS runs (alternating which goes first) and the ratio (goal: at most 1.5).
# Usage: tools/bench-slurm.sh [N=200] [REPEATS=3]   (BLOCKSWEEP_BIN=path skips the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-200}
REPEATS=${2:-3}
tools/slurm-local status >/dev/null 2>&1 || tools/slurm-local start >&2
if [ -z "${BLOCKSWEEP_BIN:-}" ]; then
  swift build -c release --product blocksweep >&2
  BLOCKSWEEP_BIN=$PWD/.build/release/blocksweep
fi
BIN=$BLOCKSWEEP_BIN
# Under /tmp: the same path for the tasks, as a shared filesystem would give on a cluster.
work=$(mktemp -d /tmp/bench-slurm.XXXXXX)
trap 'rm -rf "$work"' EXIT

. "$(dirname "$0")/trivial-sweep.sh"
write_trivial_sweep "$BIN" "$work" "$N" "{threads: 1, retries: 0, backend: slurm}"

run_blocksweep() {
  local t0 t1
  t0=$(now)
  "$BIN" run "$work/bench.yaml" --results "$work/r-$1" >"$work/log-$1" 2>&1 || { cat "$work/log-$1" >&2; exit 1; }
  t1=$(now)
  local done
  done=$(find "$work/r-$1/bench/jobs" -name result.json | wc -l)
  [ "$done" -eq "$N" ] || { echo "bench-slurm: blocksweep left $done of $N results" >&2; exit 1; }
  echo "$t1 - $t0" | bc -l
}

run_plain() {
  local t0 t1 id
  mkdir -p "$work/plain-$1"
  t0=$(now)
  id=$(sbatch --parsable --array=0-$((N - 1)) --cpus-per-task=1 -o "$work/plain-$1/%A_%a.out" \
    --wrap "cp '$work/good.json' '$work/plain-$1/result-'\$SLURM_ARRAY_TASK_ID.json")
  # Waited for as blocksweep waits: polling squeue until no task is left.
  while [ -n "$(squeue -h -r -j "$id" -t PENDING,RUNNING,COMPLETING,CONFIGURING -o %i 2>/dev/null)" ]; do sleep 0.25; done
  t1=$(now)
  local done
  done=$(find "$work/plain-$1" -name 'result-*.json' | wc -l)
  [ "$done" -eq "$N" ] || { echo "bench-slurm: plain sbatch left $done of $N results" >&2; exit 1; }
  echo "$t1 - $t0" | bc -l
}

bs=(); plain=()
for k in $(seq 1 "$REPEATS"); do
  if [ $((k % 2)) -eq 1 ]; then
    b=$(run_blocksweep "$k"); p=$(run_plain "$k")
  else
    p=$(run_plain "$k"); b=$(run_blocksweep "$k")
  fi
  printf 'run %d: blocksweep %.2f s, plain sbatch --array %.2f s\n' "$k" "$b" "$p"
  bs+=("$b"); plain+=("$p")
done
mb=$(printf '%s\n' "${bs[@]}" | median)
mp=$(printf '%s\n' "${plain[@]}" | median)
printf '%d jobs, median of %d: blocksweep %.2f s (%.1f ms/job), plain %.2f s (%.1f ms/job), ratio %.2f (goal <= 1.5)\n' \
  "$N" "$REPEATS" "$mb" "$(echo "$mb * 1000 / $N" | bc -l)" "$mp" "$(echo "$mp * 1000 / $N" | bc -l)" \
  "$(echo "$mb / $mp" | bc -l)"
