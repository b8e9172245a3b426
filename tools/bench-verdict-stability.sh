#!/usr/bin/env bash
# Verdicts that no calibration can flip (issue 18, point 4): runs one sweep whose rows sit near
# both thresholds (sweeps/examples/verdict-stability.yaml) RUNS times, each in a fresh results
# folder with its own calibration, the last LOADED of them beside two busy loops, then prints
# every row's verdict in every run. Goal: no row kept in one run and rejected in another. Exits
# 1 when a row flips between keep and reject.
#
#   tools/bench-verdict-stability.sh                 # 5 runs, 2 of them loaded; builds release
#   RUNS=6 LOADED=3 tools/bench-verdict-stability.sh
#   BLOCKSWEEP=path tools/bench-verdict-stability.sh # an existing binary
#   SWEEP=path tools/bench-verdict-stability.sh      # another sweep file
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
if [[ -z "${BLOCKSWEEP:-}" ]]; then
    swift build -c release --product blocksweep >/dev/null
    BLOCKSWEEP="$root/.build/release/blocksweep"
fi
runs="${RUNS:-5}"
loaded="${LOADED:-2}"
sweep="${SWEEP:-$root/sweeps/examples/verdict-stability.yaml}"
work="$(mktemp -d)"
loops=()
cleanup() {
    for pid in "${loops[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

name="$("$BLOCKSWEEP" plan "$sweep" --format json | python3 -c 'import json, sys; print(json.load(sys.stdin)["name"])')"
echo "bench-verdict-stability: $runs runs of $sweep ($name), the last $loaded beside two busy loops; $(nproc) cores"
for i in $(seq 1 "$runs"); do
    if (( i > runs - loaded )); then
        for _ in 1 2; do
            sh -c 'while :; do :; done' &
            loops+=("$!")
        done
        load="loaded"
    else
        load="quiet"
    fi
    started=$(date +%s)
    "$BLOCKSWEEP" run "$sweep" --results "$work/run-$i" >"$work/run-$i.log" 2>&1 || true
    echo "run $i ($load, $(( $(date +%s) - started )) s): $(grep -E '^calibration |^report:' "$work/run-$i.log" | tr '\n' ' ')"
    for pid in "${loops[@]}"; do kill "$pid" 2>/dev/null || true; done
    loops=()
done

python3 - "$work" "$name" "$runs" <<'PY'
import json, os, sys
work, name, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = {}
order = []
for i in range(1, runs + 1):
    path = os.path.join(work, "run-%d" % i, name, "report.json")
    if not os.path.exists(path):
        print("run %d: no report.json" % i)
        continue
    report = json.load(open(path))
    for row in report["rows"] + report["baselines"]:
        if row.get("verdict") is None:
            continue
        key = ", ".join("%s=%s" % (k, row["config"][k]) for k in ("dyn_relevance_threshold", "dyn_min_active_layers")
                        if k in row["config"]) or row["schedule"]
        key = row["schedule"] + " " + key
        if key not in rows:
            rows[key] = {}
            order.append(key)
        s, v = row.get("speedup") or {}, row.get("val_loss_increase") or {}
        cell = "%s %.3fx[%.3f,%.3f] %+.2f%%" % (row["verdict"][:5], s.get("mean", float("nan")), s.get("lo", float("nan")),
                                               s.get("hi", float("nan")), 100 * v.get("mean", float("nan")))
        rows[key][i] = (row["verdict"], cell)
flips = 0
print()
print("| row | " + " | ".join("run %d" % i for i in range(1, runs + 1)) + " | verdicts |")
print("| --- |" + " --- |" * (runs + 1))
for key in order:
    verdicts = {v for v, _ in rows[key].values()}
    flipped = "keep" in verdicts and "reject" in verdicts
    flips += flipped
    cells = [rows[key].get(i, ("", "—"))[1] for i in range(1, runs + 1)]
    print("| %s | %s | %s |" % (key, " | ".join(cells), "FLIPS keep/reject" if flipped else "/".join(sorted(verdicts))))
print()
print("rows: %d; rows kept in one run and rejected in another: %d" % (len(order), flips))
sys.exit(1 if flips else 0)
PY
