#!/usr/bin/env bash
# Shows that a refactor changed no output a user keeps: two blocksweep binaries (an older
# commit's and this one's) must print the same plans (job ids, schedules, seeds, params,
# dependencies) for every sweep in sweeps/ and sweeps/examples/, and write byte-identical
# reports (markdown, JSON, figures) from the same results folders. Each results folder is run
# once, by NEW, so measured times cannot differ; reports are then written by both.
#
#   tools/check-unchanged.sh OLD_BLOCKSWEEP NEW_BLOCKSWEEP [RESULTS_FOLDER...]
#
# Without results folders it runs sweeps/quickstart.yaml and sweeps/examples/command-adaptive-seeds.yaml
# with NEW into a scratch folder first. Exits 1 on the first difference, naming it.
set -euo pipefail
cd "$(dirname "$0")/.."
old=$(realpath "$1")
new=$(realpath "$2")
shift 2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
differ=0

for sweep in sweeps/*.yaml sweeps/examples/*.yaml; do
  "$old" plan "$sweep" --format json --results "$scratch/none" >"$scratch/old.json" 2>"$scratch/old.err" || true
  "$new" plan "$sweep" --format json --results "$scratch/none" >"$scratch/new.json" 2>"$scratch/new.err" || true
  if cmp -s "$scratch/old.json" "$scratch/new.json" && cmp -s "$scratch/old.err" "$scratch/new.err"; then
    echo "plan $sweep: same ($(grep -c '"id"' "$scratch/new.json" || true) jobs)"
  else
    echo "plan $sweep: DIFFERS" >&2
    diff "$scratch/old.json" "$scratch/new.json" | head -20 >&2 || true
    differ=1
  fi
done

folders=("$@")
if [ ${#folders[@]} -eq 0 ]; then
  for sweep in sweeps/quickstart.yaml sweeps/examples/command-adaptive-seeds.yaml; do
    name=$(basename "$sweep" .yaml)
    "$new" run "$sweep" --results "$scratch/results" >"$scratch/$name.run.log" 2>&1 || true
    folders+=("$scratch/results/$(sed -n 's/^name: *//p' "$sweep" | head -1 | tr -d "\"'")")
  done
fi

for folder in "${folders[@]}"; do
  [ -d "$folder" ] || { echo "no results folder $folder" >&2; differ=1; continue; }
  for side in old new; do
    bin=${!side}
    mkdir -p "$scratch/$side"
    "$bin" report "$folder" --out "$scratch/$side/report.md" >/dev/null 2>&1 || true
    "$bin" report "$folder" --format json >"$scratch/$side/report.json" 2>/dev/null || true
  done
  if diff -r "$scratch/old" "$scratch/new" >/dev/null; then
    echo "report $(basename "$folder"): same bytes ($(find "$scratch/new" -type f | wc -l) files, $(wc -c <"$scratch/new/report.md") bytes of markdown)"
  else
    echo "report $(basename "$folder"): DIFFERS" >&2
    diff -r "$scratch/old" "$scratch/new" | head -20 >&2 || true
    differ=1
  fi
  rm -rf "$scratch/old" "$scratch/new"
done
exit $differ
