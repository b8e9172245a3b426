#!/usr/bin/env bash
# Prefix forking (issue 13): the total compute of a sweep, the sum of modelled step time over
# all its jobs, with forking and without, for the quickstart and for a 27-point grid × 3 seeds
# of a small model. Each sweep runs twice, forked (as written) and with `execution.fork:
# false`, both reading the same calibration file, so the runs are comparable step for step.
# Correctness before the figure: every result must be identical in the two runs apart from
# the wall-time fields and `forked_from`. The verdicts of the two reports are compared too
# (they can differ only through the measured-time checks, such as suspect-timing).
# Goal: at least 25% less compute on the quickstart.
#
#   tools/bench-fork.sh                  # builds release, runs both sweeps
#   tools/bench-fork.sh grid             # only the 27-point grid (or: quickstart)
#   BLOCKSWEEP=path tools/bench-fork.sh  # use an existing binary
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
if [[ -z "${BLOCKSWEEP:-}" ]]; then
    swift build -c release --product blocksweep >/dev/null
    BLOCKSWEEP="$(swift build -c release --show-bin-path)/blocksweep"
fi
which="${1:-all}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# 27 points (freeze start × threshold × probe interval) × 3 seeds of a small model.
cat >"$work/grid27.yaml" <<'YAML'
version: 1
name: grid27
base:
  dtype: float32
  dmodel: 64
  n_layers: 6
  hidden_mult: 2
  batch_size: 2
  seq_len: 32
  steps: 200
  equal_time_budget: true
  max_steps_multiplier: 3
  static_active_layers: 2
  dyn_warmup_steps: 10
  dyn_refresh_every: 50
  dyn_min_active_layers: 2
  dyn_adapt_budget: true
  dyn_final_full_frac: 0.1
grid:
  dyn_freeze_start_frac: [0.3, 0.5, 0.7]
  dyn_relevance_threshold: [0.6, 0.8, 0.95]
  dyn_probe_every: [5, 10, 20]
seeds: [1, 2, 3]
execution:
  threads: 1
  calibration_cap: 20s
YAML
cp sweeps/quickstart.yaml "$work/quickstart.yaml"

# A sweep file with `fork: false` added to its execution block, under another name.
unforked() {
    sed -e 's/^name: \(.*\)$/name: \1-unforked/' -e 's/^execution:$/execution:\n  fork: false/' "$1" >"$2"
    grep -q '^  fork: false$' "$2" || { echo "cannot add fork: false to $1"; exit 1; }
}

measure() {
    local name="$1" file="$work/$1.yaml"
    unforked "$file" "$work/$name-unforked.yaml"
    echo "== $name: forked run"
    "$BLOCKSWEEP" run "$file" --results "$work/results" | grep -E "compute saved|report:"
    # The unforked run reads the forked run's calibration (a calibration file present in the
    # folder is reused), so both price steps alike.
    mkdir -p "$work/results/$name-unforked/calibration"
    cp "$work/results/$name/calibration/"*.json "$work/results/$name-unforked/calibration/"
    echo "== $name: unforked run"
    "$BLOCKSWEEP" run "$work/$name-unforked.yaml" --results "$work/results" | grep -E "compute saved|report:" || true
    python3 - "$work/results/$name" "$work/results/$name-unforked" <<'PY'
import json, sys, glob, os
forked_dir, plain_dir = sys.argv[1], sys.argv[2]
def results(d):
    return {p.split('/')[-2]: json.load(open(p)) for p in glob.glob(d + '/jobs/*/result.json')}
def comparable(r):
    r = json.loads(json.dumps(r)); r.pop('timestamp_utc', None)
    for row in r['results']:
        for k in ('elapsed_ms', 'mean_step_ms', 'p50_step_ms', 'p90_step_ms', 'speedup_vs_full', 'forked_from'):
            row.pop(k, None)
    for t in r['traces'].values(): t.pop('step_times_ms', None)
    return r
a, b = results(forked_dir), results(plain_dir)
assert set(a) == set(b) and a, f"different jobs: {len(a)} vs {len(b)}"
differ = [j for j in a if comparable(a[j]) != comparable(b[j])]
total = sum(r['results'][0]['modelled_elapsed_ms'] for r in b.values())
saved = 0.0
forked = 0
for r in a.values():
    row = r['results'][0]
    if 'forked_from' in row:
        forked += 1
        sched = row['schedule']
        saved += sum(r['traces'][sched]['modelled_step_ms'][:row['forked_from']['step']])
def verdicts(d):
    rep = json.load(open(d + '/report.json'))
    return {json.dumps([x['schedule'], x['config']], sort_keys=True): json.dumps(x.get('verdict'))
            for x in rep['rows']}
va, vb = verdicts(forked_dir), verdicts(plain_dir)
changed = [k for k in va if va.get(k) != vb.get(k)]
print(f"{len(a)} jobs, {forked} forked; results identical apart from wall time: {len(a) - len(differ)} of {len(a)}")
print(f"total compute (modelled step time): unforked {total/1000:.1f} s, forked {(total-saved)/1000:.1f} s: "
      f"{100*saved/total:.1f}% less")
print(f"verdicts: {len(va)} rows, {len(changed)} differ" + (f" ({', '.join(f'{va[k]} vs {vb[k]}' for k in changed)})" if changed else ""))
if differ: print("DIFFERENT RESULTS:", differ); sys.exit(1)
PY
}

if [[ "$which" == all || "$which" == quickstart ]]; then measure quickstart; fi
if [[ "$which" == all || "$which" == grid ]]; then measure grid27; fi
