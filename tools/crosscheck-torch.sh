#!/usr/bin/env bash
# Cross-checks the two engines: the Swift engine (blocksweep bench) and the torch runner
# (tools/blocksweep_torch.py) train from the same student weights and the same batches (the
# engine writes them with --export-inputs, the runner reads them with --import-inputs) for 20
# steps of each schedule (up to 40 under C's equal-time budget), in float32 on the CPU, in three
# configurations whose dynamic_suffix run freezes, probes and recovers within them. Per-step train losses, probe losses and
# validation losses must agree within 1e-5 relative, and the active-layer traces and every
# controller decision must be identical. The last line says how far apart they were:
#   max relative loss difference: 6.3e-07 (active-layer traces identical)
# Exit 0 only when both hold.
#
# The interpreter is $BLOCKSWEEP_PYTHON, else .venv-torch/bin/python (tools/setup-torch.sh);
# the engine is $BLOCKSWEEP_BIN, else .build/debug/blocksweep (built when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
python="${BLOCKSWEEP_PYTHON:-$PWD/.venv-torch/bin/python}"
if ! "$python" -c "import torch" >/dev/null 2>&1; then
  echo "crosscheck-torch.sh: $python cannot import torch; run tools/setup-torch.sh first" >&2
  exit 2
fi
engine="${BLOCKSWEEP_BIN:-$PWD/.build/debug/blocksweep}"
if [ ! -x "$engine" ]; then
  swift build --product blocksweep >&2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The model: small enough for a few seconds per engine, deep enough for a real suffix choice.
common=(--dtype float32 --device cpu --threads 1 --dmodel 64 --n-layers 6 --hidden-mult 2
  --batch-size 2 --seq-len 32 --steps 20 --val-batches 2 --warmup-ignore-steps 2
  --static-active-layers 2)
# A: freeze from a fixed step, fixed budget, grad_ratio, staged recovery over the last quarter.
config_a=(--seed 7 --dyn-warmup-steps 3 --dyn-probe-every 4 --dyn-refresh-every 0
  --dyn-freeze-start-step 6 --dyn-min-active-layers 2 --dyn-max-active-layers 4
  --dyn-relevance-threshold 0.5 --dyn-final-full-frac 0.25 --dyn-final-recovery-mode staged
  --dyn-final-recovery-stage1-layers 3 --dyn-final-recovery-stage2-layers 5)
# B: stability-gated freeze, adaptive budget, saliency_abs_gp, full recovery, refresh probes.
config_b=(--seed 11 --dyn-warmup-steps 2 --dyn-probe-every 3 --dyn-refresh-every 5
  --dyn-freeze-start-frac 0.2 --dyn-require-stable --dyn-stability-window 3
  --dyn-stability-rel-change 0.3 --dyn-stability-cv 0.3 --dyn-adapt-budget
  --dyn-loss-upper 1.01 --dyn-loss-lower 0.99 --dyn-min-active-layers 1
  --dyn-relevance-metric saliency_abs_gp --dyn-relevance-threshold 0.7
  --dyn-final-full-frac 0.2 --dyn-final-recovery-mode full)
# C: the equal-time budget on the modelled clock (static and dynamic get up to 40 steps, the
# freeze gate and the recovery window read time), priced by one made-up calibration file that
# both engines read, so their step counts must agree too. Like a sweep's, it measured only the
# kinds C's runs can take (`calibrate --kinds`): active_1 is null.
config_c=(--seed 5 --equal-time-budget --max-steps-multiplier 2 --dyn-warmup-steps 2
  --dyn-probe-every 4 --dyn-refresh-every 0 --dyn-freeze-start-frac 0.2 --dyn-min-active-layers 2
  --dyn-relevance-threshold 0.6 --dyn-final-full-frac 0.2 --dyn-final-recovery-mode staged
  --dyn-final-recovery-stage1-layers 3 --dyn-final-recovery-stage2-layers 4
  --calibration "$work/calibration.json" --equal-time-clock modelled)
cat >"$work/calibration.json" <<'JSON'
{"kind": "blocksweep-calibration", "version": 1,
 "model": {"dmodel": 64, "n_layers": 6, "hidden_mult": 2, "batch_size": 2, "seq_len": 32, "dtype": "float32"},
 "device": "cpu", "threads": 1, "cpu_model": null, "blas_core": null,
 "kinds": ["active_2", "active_3", "active_4", "active_5", "active_6", "probe"],
 "active_step_ms": [null, 1.4, 1.8, 2.2, 2.6, 3.0], "probe_step_ms": 3.2,
 "relative": [null, 0.467, 0.6, 0.733, 0.867, 1.0, 1.067], "relative_halfwidth": [null, 0, 0, 0, 0, 0, 0],
 "rounds": 5, "seconds": 1, "cap_seconds": 60, "target": 0.01, "converged": true}
JSON

pairs=()
for name in a b c; do
  declare -n config="config_$name"
  "$engine" bench "${common[@]}" "${config[@]}" --export-inputs "$work/$name-inputs" \
    --json-out "$work/$name-swift.json" >/dev/null 2>"$work/$name-swift.log" \
    || { cat "$work/$name-swift.log" >&2; exit 1; }
  "$python" tools/blocksweep_torch.py "${common[@]}" "${config[@]}" --import-inputs "$work/$name-inputs" \
    --json-out "$work/$name-torch.json" >/dev/null 2>"$work/$name-torch.log" \
    || { cat "$work/$name-torch.log" >&2; exit 1; }
  pairs+=("$work/$name-swift.json" "$work/$name-torch.json")
done
"$python" tools/crosscheck_compare.py "${pairs[@]}"
