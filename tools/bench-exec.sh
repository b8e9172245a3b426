#!/usr/bin/env bash
# Executor overhead: N trivial command jobs (copy a result file) on 2 parallel slots with
# `blocksweep run`, against GNU parallel running the same commands, in the same run.
# Prints each time, the medians of REPEATS runs and the ratio (goal: at most 1.3).
# Usage: tools/bench-exec.sh [N=1000] [REPEATS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
REPEATS=${2:-3}
command -v parallel >/dev/null || { echo "GNU parallel is missing: apt-get install -y parallel" >&2; exit 2; }
swift build -c release --product blocksweep >&2
BIN=$PWD/.build/release/blocksweep
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

. "$(dirname "$0")/trivial-sweep.sh"
write_trivial_sweep "$BIN" "$work" "$N" "{threads: 1, parallel: 2, retries: 0}"
ours=(); theirs=()
for r in $(seq 1 "$REPEATS"); do
  rm -rf "$work/results" "$work/par"; mkdir -p "$work/par"
  t0=$(now)
  "$BIN" run "$work/bench.yaml" --results "$work/results" --devices cpu:2 --parallel 2 >/dev/null
  t1=$(now)
  seq 1 "$N" | parallel -j2 cp "$work/good.json" "$work/par/{}.json"
  t2=$(now)
  done_jobs=$(grep -c '"event":"done"' "$work/results/bench/journal.jsonl")
  copied=$(ls "$work/par" | wc -l)
  [ "$done_jobs" -eq "$N" ] && [ "$copied" -eq "$N" ] || { echo "run $r: only $done_jobs / $copied of $N jobs finished" >&2; exit 1; }
  ours+=("$(echo "$t1 - $t0" | bc -l)"); theirs+=("$(echo "$t2 - $t1" | bc -l)")
  printf 'run %d: blocksweep %.2fs  parallel %.2fs\n' "$r" "${ours[-1]}" "${theirs[-1]}"
done
m_ours=$(printf '%s\n' "${ours[@]}" | median)
m_theirs=$(printf '%s\n' "${theirs[@]}" | median)
printf 'median of %d: blocksweep %.2fs, GNU parallel %.2fs, ratio %.2f (goal <= 1.3)\n' "$REPEATS" "$m_ours" "$m_theirs" \
  "$(echo "$m_ours / $m_theirs" | bc -l)"
