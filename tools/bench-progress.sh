#!/usr/bin/env bash
# The progress file's cost (issue 20, point 3): `blocksweep bench` with and without
# --progress-out, alternating, RUNS times each; the median wall time of each and their ratio.
#
# 1. tiny: dmodel 8, 2 layers, batch 1, seq_len 4, 3000 steps: a step of microseconds, so the
#    difference per step is the append's own cost (an upper bound, wall-clock noise included).
# 2. seed-like: dmodel 256, 12 layers, batch 4, seq_len 128, 40 steps of full_update on 2
#    threads: what a step costs in a real sweep (its mean_step_ms), and the wall ratio, which
#    on a shared machine is noise: the append is microseconds against a step of milliseconds.
# The last line is the figure: the append's cost as a share of the seed-like step.
# Goal: under 0.1% of a step.
#
#   tools/bench-progress.sh                  # builds release if needed
#   BLOCKSWEEP=path RUNS=7 tools/bench-progress.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
if [[ -z "${BLOCKSWEEP:-}" ]]; then
    swift build -c release --product blocksweep >/dev/null
    BLOCKSWEEP="$(swift build -c release --show-bin-path)/blocksweep"
fi
runs="${RUNS:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

measure() {  # measure NAME STEPS FLAGS...: prints "NAME: without X ms, with Y ms, ratio R, per step D us"
    local name=$1 steps=$2
    shift 2
    local without=() with=()
    for _ in $(seq "$runs"); do
        for mode in without with; do
            local extra=()
            [[ $mode == with ]] && extra=(--progress-out "$work/progress.jsonl")
            local start end
            start=$(date +%s%N)
            "$BLOCKSWEEP" bench "$@" --steps "$steps" --schedules full_update --seed 1 "${extra[@]}" >/dev/null 2>&1
            end=$(date +%s%N)
            local ms=$(((end - start) / 1000000))
            if [[ $mode == with ]]; then
                with+=("$ms")
                lines=$(wc -l <"$work/progress.jsonl")
                [[ $lines -eq $steps ]] || { echo "$name: $lines progress lines for $steps steps" >&2; exit 1; }
            else
                without+=("$ms")
            fi
        done
    done
    local a b
    a=$(printf '%s\n' "${without[@]}" | median)
    b=$(printf '%s\n' "${with[@]}" | median)
    awk -v n="$name" -v a="$a" -v b="$b" -v s="$steps" -v r="$runs" 'BEGIN {
        printf "%s: without %d ms, with %d ms (medians of %d), ratio %.3f, %+.1f us per step\n", n, a, b, r, b / a, (b - a) * 1000 / s }'
}

tiny=$(measure tiny 3000 --dmodel 8 --n-layers 2 --hidden-mult 1 --batch-size 1 --seq-len 4 --val-batches 1 --threads 1)
echo "$tiny"
seed=(--dmodel 256 --n-layers 12 --hidden-mult 4 --batch-size 4 --seq-len 128 --val-batches 1 --threads 2)
measure seed-like 40 "${seed[@]}"
"$BLOCKSWEEP" bench "${seed[@]}" --steps 40 --schedules full_update --seed 1 --json-out "$work/seed.json" >/dev/null 2>&1
step_ms=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["mean_step_ms"])' "$work/seed.json")
append_us=$(sed -n 's/.*, \([-+0-9.]*\) us per step$/\1/p' <<<"$tiny")
awk -v us="$append_us" -v ms="$step_ms" 'BEGIN {
    share = (us < 0 ? 0 : us) / (ms * 1000) * 100
    printf "append: %+.1f us per step against a seed-like step of %.1f ms: %.4f%% of a step (goal: under 0.1%%)\n", us, ms, share
    exit share < 0.1 ? 0 : 1 }' || status=1
status=${status:-0}
# The torch runner's append (its own JSON line and write), where its venv is set up.
python="${BLOCKSWEEP_PYTHON:-$root/.venv-torch/bin/python}"
if [[ -x "$python" ]]; then
    (cd "$root/tools" && "$python" -c '
import os, tempfile, time
from blocksweep_torch.files import ProgressFile
p = ProgressFile(os.path.join(tempfile.mkdtemp(), "progress.jsonl"))
n = 20000
t = time.perf_counter()
for s in range(n):
    p.append(step=s, schedule="dynamic_suffix", kind="active_6", ms=12.345678, modelled_ms=11.2, loss=2.3456789,
             active_layers=6, elapsed_ms=1234.5, modelled_elapsed_ms=1100.2, steps_limit=200)
print("torch runner append: %.1f us per step (%d appends)" % ((time.perf_counter() - t) / n * 1e6, n))
')
fi
exit "$status"
