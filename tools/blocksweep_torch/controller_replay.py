"""The dynamic_suffix controller over recorded inputs: JSON cases on stdin, JSON decisions on
stdout. Tests/BlockBenchTests/ControllerDifferentialTests.swift feeds the same cases to the
engine's controller and requires the same decisions. Torch-free.

    python3 tools/blocksweep_torch/controller_replay.py < cases.json > decisions.json
    PYTHONPATH=tools python3 -m blocksweep_torch.controller_replay < cases.json

Input, a list of cases:

    {"settings": {"n_layers": 6, "dyn_probe_every": 4, ...},  (parameter table names; the rest default)
     "progress": {"steps": 120} or {"budget_ms": 500.0, "steps": 240},
     "elapsed_ms": [...], "losses": [...], "probe_losses": [...],  (one per step)
     "scores": [[...] or null, ...]}  (each block's relevance; null where a step cannot probe)

The driver, the same on both sides: for each step s,

    start, is_probe = controller.plan(s, elapsed_ms[s], losses[:s])
    if is_probe: controller.record_probe(s, probe_losses[s], scores[s])

Output, one per case: {"active_starts": [...], "probes": [...], "budget": B, "dynamic_start": D,
"probe_count": P, "events": [...]}, the events as the result JSON's `dynamic_trace` holds them.
Floats go out as Python's repr, which reads back to the same double. A bad case exits 2.
"""

import argparse
import json
import os
import sys

if __package__ in (None, ""):
    # Run as a file: the package comes from the folder above, and this file's own folder leaves
    # sys.path, where it would offer the package's modules (stats, files, ...) as top-level ones.
    sys.path[0] = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))

from blocksweep_torch.controller import DynamicSuffixController  # noqa: E402
from blocksweep_torch.parameters import PARAMETERS, setting_value  # noqa: E402


class CaseError(Exception):
    pass


def settings(values):
    """The parameter table's defaults with `values` on top, each checked for its type."""
    kinds = {name: kind for name, kind, _, _ in PARAMETERS}
    config = argparse.Namespace(**{name: default for name, _, default, _ in PARAMETERS})
    for name, value in values.items():
        typed = setting_value(kinds[name], value) if name in kinds else None
        if typed is None:
            raise CaseError("bad setting %s = %s" % (name, json.dumps(value)))
        setattr(config, name, typed)
    return config


def replay(case):
    c = settings(case["settings"])
    progress = case["progress"]
    if "budget_ms" in progress:
        controller = DynamicSuffixController(c, ("time", float(progress["budget_ms"])))
    else:
        controller = DynamicSuffixController(c, ("steps", int(progress["steps"])))
    elapsed, losses, probe_losses, scores = case["elapsed_ms"], case["losses"], case["probe_losses"], case["scores"]
    if not len(elapsed) == len(losses) == len(probe_losses) == len(scores):
        raise CaseError("elapsed_ms, losses, probe_losses and scores differ in length")
    starts, probes = [], []
    for step in range(len(losses)):
        start, is_probe = controller.plan(step, elapsed[step], losses[:step])
        starts.append(start)
        probes.append(is_probe)
        if is_probe:
            if scores[step] is None:
                raise CaseError("step %d probes, but the case has no scores for it" % step)
            controller.record_probe(step, probe_losses[step], scores[step])
    return {
        "active_starts": starts, "probes": probes, "budget": controller.budget,
        "dynamic_start": controller.dynamic_start, "probe_count": controller.probe_count,
        "events": controller.events,
    }


def main():
    cases = json.load(sys.stdin)
    decisions = []
    for index, case in enumerate(cases):
        try:
            decisions.append(replay(case))
        except (CaseError, KeyError, TypeError, ValueError) as error:
            sys.stderr.write("controller_replay: case %d: %s\n" % (index, error))
            return 2
    json.dump(decisions, sys.stdout, allow_nan=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
