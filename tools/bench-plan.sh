#!/usr/bin/env bash
# Planning speed: a sweep whose grid has 1,000,000 points before constraints must plan in
# under 2 s and under 1 GiB of memory (issue 3), and so must the same grid without `where`,
# where every point becomes a job: 1,000,002 jobs (issue 9), and a grid of 1,000,000
# dynamic_suffix jobs over a deeper model (n_layers 101), whose jobs hold one more setting
# each (issue 19). Checks the plans' counts first, then times `blocksweep plan` three times
# each with /usr/bin/time -v and reports the median wall time, the worst, and the peak memory
# (max RSS: the same from run to run; the median of the three is shown).
#
#   tools/bench-plan.sh            # builds release, runs the benchmark
#   BLOCKSWEEP=path tools/bench-plan.sh   # use an existing binary
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [[ -z "${BLOCKSWEEP:-}" ]]; then
    swift build -c release --product blocksweep >/dev/null
    BLOCKSWEEP="$(swift build -c release --show-bin-path)/blocksweep"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# 10^6 points: six axes of ten values. The constraint keeps the 6 of 100 (floor, cap) pairs
# with cap ≥ floor + 7, so 60,000 points plan as 60,000 dynamic runs + 1 full + 1 static.
cat >"$work/million.yaml" <<'YAML'
version: 1
name: bench-million
grid:
  dyn_min_active_layers: {from: 1, to: 10, step: 1}
  dyn_max_active_layers: {from: 1, to: 10, step: 1}
  dyn_warmup_steps: {from: 10, to: 100, step: 10}
  dyn_probe_every: {from: 5, to: 50, step: 5}
  dyn_refresh_every: {from: 40, to: 400, step: 40}
  dyn_relevance_threshold: {from: 0.5, to: 0.95, step: 0.05}
where:
  - dyn_min_active_layers + 7 <= dyn_max_active_layers
YAML

# Correctness before timing.
out="$("$BLOCKSWEEP" plan "$work/million.yaml")"
grep -q "sweep bench-million: 60002 jobs" <<<"$out" || { echo "unexpected plan:"; head -8 <<<"$out"; exit 1; }
grep -q "points: 1000000 before constraints, 940000 dropped by where" <<<"$out" || { echo "unexpected counts"; exit 1; }
# Without the constraint every point is a job: the worst case for time and memory.
sed '/^where:/,$d' "$work/million.yaml" >"$work/all.yaml"
out="$("$BLOCKSWEEP" plan "$work/all.yaml" --max-jobs 2000000)"
grep -q "sweep bench-million: 1000002 jobs" <<<"$out" || { echo "unexpected plan without where:"; head -8 <<<"$out"; exit 1; }
grep -q "points: 1000000 before constraints, 0 dropped by where" <<<"$out" || { echo "unexpected counts without where"; exit 1; }
# Only dynamic_suffix, over 101 blocks: n_layers (not the default) is in every job's params,
# which makes each job's settings larger; no full_update, so no baseline and no forking.
cat >"$work/deep.yaml" <<'YAML'
version: 1
name: bench-dynamic-deep
schedules: [dynamic_suffix]
base:
  n_layers: 101
grid:
  dyn_min_active_layers: {from: 1, to: 10, step: 1}
  dyn_max_active_layers: {from: 11, to: 20, step: 1}
  dyn_warmup_steps: {from: 10, to: 100, step: 10}
  dyn_probe_every: {from: 5, to: 50, step: 5}
  dyn_refresh_every: {from: 40, to: 400, step: 40}
  dyn_relevance_threshold: {from: 0.5, to: 0.95, step: 0.05}
YAML
out="$("$BLOCKSWEEP" plan "$work/deep.yaml" --max-jobs 2000000)"
grep -q "sweep bench-dynamic-deep: 1000000 jobs" <<<"$out" || { echo "unexpected deep plan:"; head -8 <<<"$out"; exit 1; }
grep -q "n_layers=101" <<<"$out" || { echo "deep plan without n_layers=101"; exit 1; }
"$BLOCKSWEEP" plan "$work/million.yaml" --format json >"$work/a.json"
"$BLOCKSWEEP" plan "$work/million.yaml" --format json >"$work/b.json"
cmp -s "$work/a.json" "$work/b.json" || { echo "plan is not deterministic"; exit 1; }
echo "counts: ok (60,002, 1,000,002 and 1,000,000 jobs; the plan is deterministic)"

runs="${RUNS:-3}"  # timed runs of each case (tools/bench-all.sh --gates takes 1: memory is exact)
middle=$(( (runs + 1) / 2 ))
measure() {  # label, args…: prints "label: median s, max s, peak RSS MiB (median)"
    local label="$1"; shift
    local secs=() rss=()
    for _ in $(seq "$runs"); do
        /usr/bin/time -v "$BLOCKSWEEP" "$@" >/dev/null 2>"$work/time.txt"
        secs+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$work/time.txt")")
        rss+=("$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$work/time.txt")")
    done
    local ms mt mr
    ms="$(printf '%s\n' "${secs[@]}" | sort -g | sed -n "${middle}p")"
    mt="$(printf '%s\n' "${secs[@]}" | sort -g | tail -1)"
    mr="$(printf '%s\n' "${rss[@]}" | sort -g | sed -n "${middle}p")"
    printf '%-53s median %6.2f s (worst %.2f s), peak RSS %5s MiB\n' "$label" "$ms" "$mt" "$mr"
    echo "$ms $mr" >"$work/last"
}

echo "binary: $BLOCKSWEEP ($(nproc) cores)"
measure "plan, 1,000,000 points → 60,002 jobs (table)" plan "$work/million.yaml"
read -r secs mib <"$work/last"
measure "plan, same, --format json" plan "$work/million.yaml" --format json
measure "plan, 1,000,000 points → 1,000,002 jobs (table)" plan "$work/all.yaml" --max-jobs 2000000
read -r all_secs all_mib <"$work/last"
measure "plan, dynamic_suffix, n_layers 101 → 1,000,000 jobs" plan "$work/deep.yaml" --max-jobs 2000000
read -r deep_secs deep_mib <"$work/last"

awk -v s="$secs" -v m="$mib" -v as="$all_secs" -v am="$all_mib" -v ds="$deep_secs" -v dm="$deep_mib" 'BEGIN {
    ok = (s < 2 && m < 1024 && as < 2 && am < 1024 && ds < 2 && dm < 1024)
    printf "goal (each table case under 2 s and 1 GiB): %s\n", ok ? "met" : "MISSED"; exit ok ? 0 : 1 }'
