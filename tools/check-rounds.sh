#!/usr/bin/env bash
# Shows that two blocksweep binaries run adaptive-seed sweeps in the same rounds: for several
# sweeps (the command runner of sweeps/examples/write-seeded-result.sh, whose results depend on
# the seed only, so verdicts cannot move with timing), locally and through Slurm, both must
# plan the same jobs (plan.json, added-jobs.json), run the same job folders and write the same
# report (report.md, report.json). Each sweep runs in the same folder under each binary in
# turn, so the paths in the reports agree.
#
#   tools/check-rounds.sh OLD_BLOCKSWEEP NEW_BLOCKSWEEP [--no-slurm]
#
# Slurm needs tools/slurm-local running. Exits 1 on the first difference, naming it.
set -euo pipefail
cd "$(dirname "$0")/.."
old=$(realpath "$1")
new=$(realpath "$2")
backends="local slurm"
[ "${3:-}" = --no-slurm ] && backends="local"
scratch=$(mktemp -d "$PWD/.check-rounds.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
differ=0

# name initial max noise gaps
variants=(
  "two-of-six 2 6 0.01 [0.10, -0.05, 0.015]"
  "one-of-four 1 4 0.02 [0.015, 0.02, 0.03]"
  "three-of-eight 3 8 0.015 [0.018, -0.01, 0.05, 0.022]"
)
for variant in "${variants[@]}"; do
  read -r name initial max noise gaps <<<"$variant"
  for backend in $backends; do
    sweep="$scratch/$name-$backend.yaml"
    cat >"$sweep" <<EOF
version: 1
name: $name-$backend
runner:
  command: [sh, $PWD/sweeps/examples/write-seeded-result.sh, "{result}", "{gap}", "{noise}", "{seed}"]
base:
  noise: $noise
grid:
  gap: $gaps
seeds: {initial: $initial, max: $max}
execution: {devices: cpu:1}
EOF
    folder="$scratch/results/$name-$backend"
    for side in old new; do
      bin=${!side}
      "$bin" run "$sweep" --results "$scratch/results" --backend "$backend" >"$scratch/$side.log" 2>&1 || true
      [ -d "$folder" ] || { echo "$name ($backend): $side made no results folder" >&2; cat "$scratch/$side.log" >&2; exit 1; }
      mkdir -p "$scratch/$side"
      (cd "$folder" && cp plan.json report.md report.json "$scratch/$side/" && { cp added-jobs.json "$scratch/$side/" 2>/dev/null || true; } && ls jobs | sort >"$scratch/$side/jobs.txt")
      rm -rf "$folder"
    done
    rounds=$(grep -c "adaptive seeds:" "$scratch/new.log" || true)
    if diff -r "$scratch/old" "$scratch/new" >/dev/null; then
      echo "$name ($backend): same plan, jobs and report ($(wc -l <"$scratch/new/jobs.txt") jobs, $rounds rounds that added seeds)"
    else
      echo "$name ($backend): DIFFERS" >&2
      diff -r "$scratch/old" "$scratch/new" | head -30 >&2 || true
      differ=1
    fi
    rm -rf "$scratch/old" "$scratch/new"
  done
done
exit $differ
