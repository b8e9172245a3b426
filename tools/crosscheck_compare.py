#!/usr/bin/env python3
"""Compares the Swift engine's and the torch runner's result JSON of the same run (same
weights and batches, tools/crosscheck-torch.sh). Usage: crosscheck_compare.py SWIFT.json TORCH.json
[...more pairs]. Prints one line per schedule, then as its last line
`max relative loss difference: X (active-layer traces identical|differ)`; exits 0 only when
X <= 1e-5 (--tolerance=X to change it) and every active-layer trace and dynamic_suffix decision matches, and the
dynamic runs really froze, probed after freezing and recovered."""

import json
import sys

TOLERANCE = 1e-5  # not 1e-4: docs/benchmark.md, "Exported inputs and cross-checking the two engines"


def relative(a, b):
    if a is None or b is None:
        return 0.0 if a is None and b is None else float("inf")
    scale = max(abs(a), abs(b), 1e-30)
    return abs(a - b) / scale


def decisions(events):
    """What the controller decided at each event, without the float figures."""
    out = []
    for e in events:
        if e.get("probe"):
            out.append(("probe", e["step"], e["freeze_enabled"], e["active_budget"], e["active_start_next"]))
        elif "freeze_trigger" in e:
            out.append(("freeze", e["step"], e["freeze_trigger"]["stable_ok"]))
        else:
            out.append(("recovery", e["step"], e["final_recovery_stage"], e["final_recovery_active_layers"]))
    return out


def event_losses(events):
    return [(e.get("probe_loss"), e.get("probe_loss_ema")) for e in events if e.get("probe")]


def exercised(trace, n_layers):
    """Why a dynamic trace does not show freeze, probe-after-freeze and recovery, or None."""
    events = trace["dynamic_trace"]
    freeze = [e["step"] for e in events if "freeze_trigger" in e]
    if not freeze:
        return "no freeze event"
    if not any(e.get("probe") and e["step"] > freeze[0] for e in events):
        return "no probe after the freeze at step %d" % freeze[0]
    if not any("final_recovery_stage" in e for e in events):
        return "no final-recovery event"
    if min(trace["active_layers_hist"]) >= n_layers:
        return "never trained fewer than all %d blocks" % n_layers
    return None


def main(argv):
    tolerance = TOLERANCE
    if argv and argv[0].startswith("--tolerance="):
        tolerance = float(argv[0].split("=", 1)[1])
        argv = argv[1:]
    worst = 0.0
    identical = True
    problems = []
    for swift_path, torch_path in zip(argv[0::2], argv[1::2]):
        with open(swift_path) as f:
            swift = json.load(f)
        with open(torch_path) as f:
            torch = json.load(f)
        n_layers = swift["config"]["n_layers"]
        for row in swift["results"]:
            name = row["schedule"]
            other = next((r for r in torch["results"] if r["schedule"] == name), None)
            if other is None:
                problems.append("%s: torch has no %s row" % (torch_path, name))
                identical = False
                continue
            a, b = swift["traces"][name], torch["traces"][name]
            losses = list(zip(a["train_losses"], b["train_losses"]))
            losses.append((row["final_val_loss"], other["final_val_loss"]))
            for (pa, ea), (pb, eb) in zip(event_losses(a["dynamic_trace"]), event_losses(b["dynamic_trace"])):
                losses += [(pa, pb), (ea, eb)]
            diff = max(relative(x, y) for x, y in losses)
            worst = max(worst, diff)
            same = (a["active_layers_hist"] == b["active_layers_hist"]
                    and len(a["train_losses"]) == len(b["train_losses"])
                    and decisions(a["dynamic_trace"]) == decisions(b["dynamic_trace"]))
            identical = identical and same
            print("%s %-14s steps %d/%d  max rel loss diff %.3g  active layers %s  %s" % (
                swift_path.rsplit("/", 1)[-1], name, len(a["train_losses"]), len(b["train_losses"]), diff,
                "".join(str(k) for k in a["active_layers_hist"]), "same" if same else "DIFFER: torch "
                + "".join(str(k) for k in b["active_layers_hist"])))
            if name == "dynamic_suffix":
                why = exercised(a, n_layers)
                if why:
                    problems.append("%s: the dynamic run does not exercise the controller: %s" % (swift_path, why))
    for problem in problems:
        print("problem: " + problem)
    ok = worst <= tolerance and identical and not problems
    print("max relative loss difference: %.2g (active-layer traces %s)" % (worst, "identical" if identical else "differ"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
