#!/usr/bin/env bash
# The torch runner's full step against the Swift engine's, on the CPU (for a machine without a
# GPU): the quickstart's model (dmodel 128, 8 layers, hidden ×4, batch 4 × 64, float32),
# full_update only, 100 steps, 1 thread, both pinned to the same core, interleaved RUNS times
# (default 5). Prints the median over runs of each run's p50 step time. Needs the release binary
# (tools/setup.sh) and torch (tools/setup-torch.sh, or BLOCKSWEEP_PYTHON).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
python="${BLOCKSWEEP_PYTHON:-$PWD/.venv-torch/bin/python}"
engine="$PWD/.build/release/blocksweep"
core="$(taskset -pc $$ | sed 's/.*: //; s/[-,].*//')"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
args=(--dtype float32 --device cpu --dmodel 128 --n-layers 8 --hidden-mult 4 --batch-size 4 --seq-len 64
  --steps 100 --warmup-ignore-steps 5 --val-batches 1 --schedules full_update --threads 1)
for i in $(seq "$runs"); do
  OPENBLAS_NUM_THREADS=1 taskset -c "$core" "$engine" bench "${args[@]}" --json-out "$work/swift-$i.json" >/dev/null 2>&1
  OMP_NUM_THREADS=1 taskset -c "$core" "$python" tools/blocksweep_torch.py "${args[@]}" \
    --json-out "$work/torch-$i.json" >/dev/null 2>&1
done
"$python" - "$work" "$runs" <<'PY'
import json, statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])
medians = {}
for engine in ("swift", "torch"):
    p50 = [json.load(open("%s/%s-%d.json" % (work, engine, i)))["results"][0]["p50_step_ms"] for i in range(1, runs + 1)]
    medians[engine] = statistics.median(p50)
    print("%-5s full step %.2f ms (median of %d runs' p50: %s)" % (engine, medians[engine], runs, ", ".join("%.2f" % v for v in p50)))
print("torch runner / Swift engine: %.2fx" % (medians["torch"] / medians["swift"]))
PY
