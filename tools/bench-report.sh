#!/usr/bin/env bash
# Speed check of the report (issue 5): aggregate a results folder of 10,000 result files.
# Goal: under 5 s (median of 3 runs of `blocksweep report DIR --format json`, release build).
#
#   tools/bench-report.sh [JOBS]        # JOBS defaults to 10000
#
# The folder is generated once under ${BENCH_DIR:-/tmp/blocksweep-bench-report} by an embedded
# Python script: a plan of 20 seeds × (1 full_update + 1 static_suffix + N dynamic_suffix points),
# plan.json, journal.jsonl and one result.json per job with 200-step traces, like the builtin
# runner writes. Correctness is checked before timing: every dynamic point must come back as one
# row of 20 repeats.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS="${1:-10000}"
SEEDS=20
DIR="${BENCH_DIR:-/tmp/blocksweep-bench-report}/results-$JOBS"

swift build -c release --product blocksweep >/dev/null
BIN="$(swift build -c release --show-bin-path)/blocksweep"

if [ ! -f "$DIR/.complete" ]; then
  rm -rf "$DIR"
  mkdir -p "$DIR"
  python3 - "$DIR" "$JOBS" "$SEEDS" <<'PY'
import json, math, os, random, sys
out, jobs, seeds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
points = max(1, jobs // seeds - 2)
rng = random.Random(7)
defaults = dict(device_arg="cpu", resolved_device="cpu", dtype="float32", seed=42, dmodel=128, n_layers=8,
                hidden_mult=4, batch_size=4, seq_len=64, steps=200, equal_time_budget=False,
                max_steps_multiplier=3.0, lr=3e-4, weight_decay=0.0, teacher_noise=0.02, val_batches=4,
                warmup_ignore_steps=5, static_active_layers=3, dyn_warmup_steps=15, dyn_probe_every=20,
                dyn_refresh_every=80, dyn_relevance_metric="grad_ratio", dyn_relevance_threshold=0.9,
                dyn_min_active_layers=2, dyn_max_active_layers=8, dyn_adapt_budget=False)
def result(schedule, seed, cfg, ms, val, active):
    steps = 200
    hist = [8 if schedule == "full_update" or (schedule == "dynamic_suffix" and i % cfg["dyn_probe_every"] == 0) else active for i in range(steps)]
    times = [round(ms * (1 + rng.uniform(-0.05, 0.05)), 4) for _ in range(steps)]
    losses = [round(0.2 * math.exp(-i / 80) + 0.04, 6) for i in range(steps)]
    trace = [dict(step=i, probe=True, freeze_enabled=True, probe_loss=0.05, best_probe_loss=0.05,
                  probe_loss_ema_prev=0.05, probe_loss_ema=0.05, active_budget=active, active_start_next=8 - active,
                  active_layers_next=active, ema_scores=[0.1] * 8)
             for i in range(0, steps, cfg["dyn_probe_every"])] if schedule == "dynamic_suffix" else []
    c = dict(defaults, **cfg, seed=seed)
    return dict(script="blocksweep bench", timestamp_utc="2026-01-01T00:00:00Z", config=c,
                system=dict(engine="blocksweep", blas_threads=1, cpu_model="bench"),
                results=[dict(schedule=schedule, steps_executed=steps, elapsed_ms=ms * steps, final_val_loss=val,
                              train_loss_start=losses[0], train_loss_end=losses[-1], mean_step_ms=ms, p50_step_ms=ms,
                              p90_step_ms=ms * 1.05, speedup_vs_full=None, active_layers_mean=sum(hist) / steps,
                              active_layers_min=min(hist), active_layers_max=max(hist),
                              probe_step_count=len(trace), notes=schedule)],
                traces={schedule: dict(step_times_ms=times, train_losses=losses, active_layers_hist=hist, dynamic_trace=trace)})
plan, journal = [], []
def job(jid, schedule, seed, params, report):
    plan.append(dict(id=jid, schedule=schedule, seed=seed, params=params, depends_on=[]))
    journal.append(json.dumps(dict(time="t", job=jid, event="done", attempt=1, device="cpu:0")))
    os.makedirs(f"{out}/jobs/{jid}", exist_ok=True)
    with open(f"{out}/jobs/{jid}/result.json", "w") as f: json.dump(report, f)
grid = [(p % 5 + 1, 5 + 5 * (p // 5 % 10), round(0.5 + 0.005 * (p // 50), 4)) for p in range(points)]
for seed in range(1, seeds + 1):
    job(f"full-{seed}", "full_update", seed, {}, result("full_update", seed, {}, 10.0, 0.05, 8))
    job(f"static-{seed}", "static_suffix", seed, {}, result("static_suffix", seed, {}, 6.0, 0.06, 3))
    for p, (mn, probe, thr) in enumerate(grid):
        cfg = dict(dyn_min_active_layers=mn, dyn_probe_every=probe, dyn_relevance_threshold=thr)
        active = min(8, mn + 2)
        ms = 10.0 * (8 + 2 * active) / 24 * (1 + rng.uniform(-0.03, 0.03))
        job(f"dyn-{p}-{seed}", "dynamic_suffix", seed, cfg, result("dynamic_suffix", seed, cfg, ms, 0.05 * (1 + 0.04 / mn + rng.uniform(-0.005, 0.005)), active))
with open(f"{out}/plan.json", "w") as f:
    json.dump(dict(name="bench", jobs=plan, dropped=0, runner={"builtin": {}},
                   execution={"threads": 1, "retries": 1, "backend": {"local": {}}},
                   rules={"min_speedup": 1.1, "max_val_loss_increase": 0.02}), f)
with open(f"{out}/journal.jsonl", "w") as f: f.write("\n".join(journal) + "\n")
PY
  touch "$DIR/.complete"
fi
FILES=$(find "$DIR/jobs" -name result.json | wc -l)
echo "results folder: $DIR ($FILES result files, $(du -sh "$DIR" | cut -f1))"

# Correctness first: every dynamic point is one row of $SEEDS repeats.
"$BIN" report "$DIR" --format json --out /tmp/blocksweep-bench-report.json >/dev/null
python3 - "$SEEDS" "$FILES" <<'PY'
import json, sys
seeds, files = int(sys.argv[1]), int(sys.argv[2])
r = json.load(open("/tmp/blocksweep-bench-report.json"))
dyn = [row for row in r["rows"] if row["schedule"] == "dynamic_suffix"]
assert len(dyn) == files // seeds - 2, len(dyn)
assert all(row["repeats"] == seeds for row in dyn)
assert r["summary"]["runs"] == files, r["summary"]
print(f"check: {len(dyn)} dynamic rows × {seeds} seeds; {r['summary']['keep']} keep, "
      f"{r['summary']['inconclusive']} inconclusive, {r['summary']['reject']} reject")
PY

times=()
for i in 1 2 3; do
  start=$(date +%s.%N)
  "$BIN" report "$DIR" --format json >/dev/null
  end=$(date +%s.%N)
  times+=("$(echo "$end - $start" | bc -l)")
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
min=$(echo "$sorted" | head -1); median=$(echo "$sorted" | sed -n 2p)
printf 'blocksweep report %s --format json: min %.2f s, median %.2f s (goal < 5 s)\n' "$DIR" "$min" "$median"
awk -v m="$median" 'BEGIN { exit !(m < 5) }' || { echo "FAIL: median above 5 s"; exit 1; }
