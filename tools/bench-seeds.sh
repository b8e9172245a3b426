#!/usr/bin/env bash
# Adaptive seeds (issue 13): runs used by `seeds: {initial: 2, max: 6}` against the same sweep
# with a fixed `[1, 2, 3, 4, 5, 6]`, and every verdict that differs between the two reports.
#
# 1. command: 40 configurations (20 gaps x 2 noise levels) of
#    sweeps/examples/write-seeded-result.sh, whose dynamic_suffix val-loss increase is a gap
#    (from a clear keep through the 2% threshold to a clear reject) plus a seed-dependent
#    deviation of at most `noise`: controlled, repeatable noise.
# 2. builtin (unless `tools/bench-seeds.sh command`): 8 configurations of a small model
#    (dyn_max_active_layers x dyn_probe_every) against max_val_loss_increase 0.15, which some
#    clearly pass, some clearly fail and some straddle.
# A run of a command job counts as one run; a builtin run counts each job (baselines and
# calibrations included). Goal: at least 30% fewer runs with no verdict changed.
#
#   tools/bench-seeds.sh                  # builds debug if needed, runs both
#   BLOCKSWEEP=path tools/bench-seeds.sh  # use an existing binary
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
if [[ -z "${BLOCKSWEEP:-}" ]]; then
    swift build --product blocksweep >/dev/null
    BLOCKSWEEP="$(swift build --show-bin-path)/blocksweep"
fi
which="${1:-all}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cat >"$work/command.yaml" <<YAML
version: 1
name: seeds-command
runner:
  command: [sh, $root/sweeps/examples/write-seeded-result.sh, "{result}", "{gap}", "{noise}", "{seed}"]
grid:
  gap: [-0.08, -0.05, -0.03, -0.02, -0.01, 0.0, 0.005, 0.01, 0.013, 0.016, 0.018, 0.02, 0.022, 0.025, 0.03, 0.04, 0.05, 0.07, 0.1, 0.15]
  noise: [0.004, 0.01]
SEEDS
execution: {devices: "cpu:2"}
YAML

cat >"$work/builtin.yaml" <<YAML
version: 1
name: seeds-builtin
base:
  dtype: float32
  dmodel: 32
  n_layers: 6
  hidden_mult: 2
  batch_size: 2
  seq_len: 16
  steps: 80
  dyn_min_active_layers: 1
  dyn_warmup_steps: 5
  dyn_freeze_start_frac: 0.3
  dyn_final_full_frac: 0.1
grid:
  dyn_max_active_layers: [1, 2, 3, 5]
  dyn_probe_every: [5, 10]
schedules: [full_update, dynamic_suffix]
rules: {min_speedup: 1.1, max_val_loss_increase: 0.15}
SEEDS
execution: {threads: 1, calibration_cap: 1s}
YAML

# Runs one sweep both ways and prints the comparison.
compare() {
    local name=$1 file=$2
    sed 's/^SEEDS$/seeds: {initial: 2, max: 6}/' "$file" >"$work/$name-adaptive.yaml"
    sed 's/^SEEDS$/seeds: [1, 2, 3, 4, 5, 6]/' "$file" >"$work/$name-fixed.yaml"
    "$BLOCKSWEEP" run "$work/$name-adaptive.yaml" --results "$work/adaptive" >"$work/$name-adaptive.log" 2>&1 || true
    "$BLOCKSWEEP" run "$work/$name-fixed.yaml" --results "$work/fixed" >"$work/$name-fixed.log" 2>&1 || true
    python3 - "$work/adaptive/seeds-$name" "$work/fixed/seeds-$name" "$name" <<'PY'
import json, sys
adaptive, fixed, name = sys.argv[1:4]
def load(folder):
    plan = json.load(open(folder + "/plan.json"))
    runs = len(plan["jobs"]) + len(plan.get("calibrations", []))
    done = sum(1 for line in open(folder + "/journal.jsonl") if '"event":"done"' in line)
    report = json.load(open(folder + "/report.json"))
    verdicts = {}
    for row in report["rows"]:
        key = (row["schedule"], json.dumps(row.get("params") or row["config"], sort_keys=True))
        verdicts[key] = (row["verdict"], row.get("seeds_used"), row.get("seed_stop"))
    return runs, done, verdicts
ra, da, va = load(adaptive)
rf, df, vf = load(fixed)
print(f"{name}: {len(va)} judged rows")
print(f"  runs with fixed seeds [1..6]: {rf} ({df} done)")
print(f"  runs with seeds {{initial: 2, max: 6}}: {ra} ({da} done)")
print(f"  fewer runs: {100 * (1 - ra / rf):.1f}%")
stops = {}
for v in va.values():
    stops[(v[2], v[1])] = stops.get((v[2], v[1]), 0) + 1
print("  rows by (stop, seeds used): " + ", ".join(f"{s} at {n}: {c}" for (s, n), c in sorted(stops.items(), key=str)))
differ = [(k, va.get(k), vf.get(k)) for k in sorted(set(va) | set(vf)) if (va.get(k) or (None,))[0] != (vf.get(k) or (None,))[0]]
print(f"  verdicts that differ: {len(differ)}")
for k, a, f in differ:
    print(f"    {k[0]} {k[1]}: adaptive {a}, fixed {f}")
PY
}

if [[ "$which" == all || "$which" == command ]]; then compare command "$work/command.yaml"; fi
if [[ "$which" == all || "$which" == builtin ]]; then compare builtin "$work/builtin.yaml"; fi
