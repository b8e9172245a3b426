#!/usr/bin/env python3
"""Prefix forking in the torch runner is exact (docs/benchmark.md, "Prefix forking"): a
dynamic_suffix run that takes its first steps from a source's record and snapshot gives the
result JSON of the same run trained from step 0, apart from the wall-time fields and
`forked_from`. The torch twin of Tests/BlockBenchTests/ForkExactnessTests.swift, over the same
settings (warm-up, stability gate, adaptive budget, refresh, full and staged recovery, the
saliency metric, a run that never freezes), by steps and under the equal-time budget on the
modelled clock; plus a refused record, a sibling (chained) fork, bfloat16 and float16 runs, and
the fork flags' errors.

    python tools/torch_fork_exactness.py [CASE-NAME-PREFIX]

Runs the runner's main() (blocksweep_torch.cli) in this process (one torch import for every
run), on the CPU with one thread. Prints `ok NAME` or `FAIL NAME: …` per case; exits 1 when one fails.
Tests/EndToEndTests/TorchForkTests.swift runs it.
"""

import contextlib
import io
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from blocksweep_torch import cli, files, parameters  # noqa: E402

# Tests/BlockBenchTests/TestSupport.swift smallConfig(), with 48 steps and no adaptive budget.
SMALL = {
    "dtype": "float32", "dmodel": 32, "n_layers": 6, "hidden_mult": 2, "batch_size": 2, "seq_len": 16,
    "steps": 48, "val_batches": 2, "static_active_layers": 2, "dyn_warmup_steps": 4, "dyn_probe_every": 5,
    "dyn_refresh_every": 20, "dyn_relevance_threshold": 0.8, "dyn_min_active_layers": 2,
    "dyn_max_active_layers": 4, "dyn_freeze_start_frac": 0.3, "lr": 1e-3, "dyn_adapt_budget": False, "seed": 3,
}

SETTINGS = [
    ("warm-up longer than the freeze start", {"dyn_warmup_steps": 16}),
    ("stability gate", {"dyn_require_stable": True, "dyn_stability_window": 4, "dyn_stability_rel_change": 0.3,
                        "dyn_stability_cv": 0.3}),
    ("adaptive budget", {"dyn_adapt_budget": True, "dyn_loss_upper": 1.0, "dyn_loss_lower": 0.999}),
    ("refresh", {"dyn_refresh_every": 7}),
    ("full recovery", {"dyn_final_full_frac": 0.2, "dyn_final_recovery_mode": "full"}),
    ("staged recovery", {"dyn_final_full_frac": 0.3, "dyn_final_recovery_mode": "staged",
                         "dyn_final_recovery_stage1_layers": 3, "dyn_final_recovery_stage2_layers": 5}),
    ("saliency metric", {"dyn_relevance_metric": "saliency_abs_gp"}),
    ("never freezes", {"dyn_freeze_start_frac": 1.0}),
]

WALL_FIELDS = ("elapsed_ms", "mean_step_ms", "p50_step_ms", "p90_step_ms", "speedup_vs_full", "forked_from")


def flags(params):
    argv = []
    for name, value in sorted(params.items()):
        if isinstance(value, bool):
            argv += [parameters.flag(name), "true" if value else "false"]
        else:
            argv += [parameters.flag(name), repr(value) if isinstance(value, float) else str(value)]
    return argv


def calibration(folder, params):
    """N = 6: active_k costs k ms, a probe 6.5 ms (ForkExactnessTests.costs)."""
    n = params["n_layers"]
    record = {
        "kind": files.CALIBRATION_KIND, "version": 1,
        "model": {k: params[k] for k in ("dmodel", "n_layers", "hidden_mult", "batch_size", "seq_len", "dtype")},
        "device": "cpu", "threads": 1, "active_step_ms": [float(k) for k in range(1, n + 1)],
        "relative": [k / n for k in range(1, n + 1)] + [6.5 / n], "probe_step_ms": 6.5, "converged": True,
    }
    path = os.path.join(folder, "calibration.json")
    with open(path, "w") as f:
        json.dump(record, f)
    return path


class Case:
    def __init__(self, folder, params, modelled):
        self.folder = folder
        self.params = params
        self.modelled = modelled
        if modelled:
            params["equal_time_budget"] = True
            params["max_steps_multiplier"] = 2.0
        self.calibration = calibration(folder, params)

    def bench(self, schedule, name, params=None, extra=()):
        """One run; returns its result JSON and what it said on stderr."""
        out = os.path.join(self.folder, name + ".json")
        argv = ["bench", "--schedules", schedule, "--device", "cpu", "--threads", "1", "--deterministic",
                "--json-out", out, "--calibration", self.calibration,
                "--equal-time-clock", "modelled" if self.modelled else "wall"]
        argv += flags(params or self.params) + list(extra)
        if schedule != "full_update":
            argv += ["--baseline-json", os.path.join(self.folder, "full.json")]
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            status = cli.main(argv)
        if status != 0:
            raise RuntimeError("%s exited %d: %s" % (name, status, err.getvalue()))
        with open(out) as f:
            return json.load(f), err.getvalue()

    def fork_dir(self, name, source, dependents):
        path = os.path.join(self.folder, name)
        os.makedirs(path, exist_ok=True)
        with open(os.path.join(path, files.FORK_PLAN_FILE), "w") as f:
            json.dump({"baseline": source, "dependents": [{"job": j, "params": p} for j, p in dependents]}, f)
        return path


def record_of(folder):
    with open(os.path.join(folder, files.FORK_RECORD_FILE)) as f:
        return json.load(f)


def fork_step(record, job):
    return next(s["step"] for s in record["snapshots"] if job in s["jobs"])


def without_wall_time(report):
    report = json.loads(json.dumps(report))
    report.pop("timestamp_utc")
    for r in report["results"]:
        for key in WALL_FIELDS:
            r.pop(key, None)
    for t in report["traces"].values():
        t.pop("step_times_ms")
    return report


def differences(a, b, path=""):
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            out += differences(a.get(k), b.get(k), path + "." + k)
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, "%s[%d]" % (path, i))]
    return [] if a == b else ["%s: %s vs %s" % (path, json.dumps(a)[:80], json.dumps(b)[:80])]


def exactness(case, name):
    """ForkExactnessTests.aForkedRunEqualsTheRunTrainedFromStepZero."""
    problems = []
    p = case.params
    fork = case.fork_dir("fork", "full-1", [("dyn-1", p)])
    full, _ = case.bench("full_update", "full", extra=["--fork-dir", fork])
    record = record_of(fork)
    step = fork_step(record, "dyn-1")
    plain, _ = case.bench("dynamic_suffix", "plain")
    forked, err = case.bench("dynamic_suffix", "forked", extra=["--fork-from", fork, "--fork-step", str(step)])
    row, trace = forked["results"][0], forked["traces"]["dynamic_suffix"]
    n = p["n_layers"]
    if row.get("forked_from") != {"job": "full-1", "step": step}:
        problems.append("forked_from is %s (stderr: %s)" % (row.get("forked_from"), err.strip()))
    if not step > p["dyn_warmup_steps"] // 2:
        problems.append("fork step %d: no real prefix inherited" % step)
    if name != "never freezes":
        if not step < row["steps_executed"]:
            problems.append("the run does not train on after the fork step %d" % step)
        elif not trace["active_layers_hist"][step] < n:
            problems.append("it does not fork where it first freezes a block")
    if trace["step_times_ms"][:step] != record["step_times_ms"][:step]:
        problems.append("inherited steps do not carry the source's measured times")
    if not all(a == n for a in plain["traces"]["dynamic_suffix"]["active_layers_hist"][:step]):
        problems.append("the plain run trains fewer blocks before the fork step")
    problems += differences(without_wall_time(plain), without_wall_time(forked))[:5]
    if name == "adaptive budget":
        # Recording for dependents changes nothing the baseline reports but its step times.
        alone, _ = case.bench("full_update", "full-alone")
        problems += ["recording changed the baseline: " + d
                     for d in differences(without_wall_time(alone), without_wall_time(full))[:5]]
    return problems


def refused(case, spoil, reason):
    """A record that cannot stand in for the prefix (`spoil` makes it so) is refused whole, with
    `reason` on stderr: the run trains from step 0, to the same result."""
    fork = case.fork_dir("fork", "full-1", [("dyn-1", case.params)])
    case.bench("full_update", "full", extra=["--fork-dir", fork])
    record = record_of(fork)
    step = fork_step(record, "dyn-1")
    spoil(record)
    with open(os.path.join(fork, files.FORK_RECORD_FILE), "w") as f:
        json.dump(record, f)
    plain, _ = case.bench("dynamic_suffix", "plain")
    forked, err = case.bench("dynamic_suffix", "forked", extra=["--fork-from", fork, "--fork-step", str(step)])
    problems = []
    if "not forking: %s; training from step 0" % reason not in err:
        problems.append("stderr does not say why: %r" % err)
    if "forked_from" in forked["results"][0]:
        problems.append("a refused run has forked_from")
    return problems + differences(without_wall_time(plain), without_wall_time(forked))[:5]


def chained(case):
    """ChainedForkTests: a sibling forks from a source that itself forked from the baseline."""
    source = dict(case.params, dyn_adapt_budget=True, dyn_final_full_frac=0.2)
    sibling = dict(source, dyn_max_active_layers=5)
    base_dir = case.fork_dir("fork-full", "full-1", [("dyn-s", source), ("dyn-t", sibling)])
    case.bench("full_update", "full", params=source, extra=["--fork-dir", base_dir])
    base = record_of(base_dir)
    src_dir = case.fork_dir("fork-src", "dyn-s", [("dyn-t", sibling)])
    src, err = case.bench("dynamic_suffix", "source", params=source, extra=[
        "--fork-from", base_dir, "--fork-step", str(fork_step(base, "dyn-s")), "--fork-dir", src_dir])
    problems = []
    if src["results"][0].get("forked_from", {}).get("job") != "full-1":
        problems.append("the source did not fork from the baseline: %s" % err.strip())
    rec = record_of(src_dir)
    from_source, from_baseline = fork_step(rec, "dyn-t"), fork_step(base, "dyn-t")
    if not from_source > from_baseline:
        problems.append("the sibling shares no more with the source (%d) than with the baseline (%d)"
                        % (from_source, from_baseline))
    plain, _ = case.bench("dynamic_suffix", "plain", params=sibling)
    forked, err = case.bench("dynamic_suffix", "forked", params=sibling, extra=[
        "--fork-from", src_dir, "--fork-step", str(from_source)])
    if forked["results"][0].get("forked_from") != {"job": "dyn-s", "step": from_source}:
        problems.append("the sibling's forked_from is %s (%s)" % (forked["results"][0].get("forked_from"), err))
    return problems + differences(without_wall_time(plain), without_wall_time(forked))[:5]


def flag_errors(folder):
    """The fork flags refused as `bench` refuses them: exit status 2 and the same message."""
    problems = []
    for argv, message in [
        (["--fork-step", "3"], "error: --fork-step: needs --fork-from DIR"),
        (["--schedules", "full_update", "--fork-from", folder, "--fork-step", "3"],
         "error: --fork-from: only a dynamic_suffix run forks (--schedules dynamic_suffix)"),
        (["--schedules", "dynamic_suffix", "--fork-from", folder], "error: --fork-from: needs --fork-step N"),
        (["--fork-dir", folder], "error: --fork-dir: a fork record comes from one full_update or dynamic_suffix "
                                 "run (--schedules full_update or dynamic_suffix)"),
        (["--schedules", "full_update", "--fork-dir", folder], "error: --fork-dir %s: cannot read fork-plan.json"
         % folder),
    ]:
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            status = cli.main(["bench"] + argv)
        if status != 2 or message not in err.getvalue():
            problems.append("%s: exit %d, %r" % (" ".join(argv), status, err.getvalue()))
    return problems


def cases():
    for name, tweak in SETTINGS:
        for modelled in (False, True):
            label = name + (" (equal time, modelled clock)" if modelled else " (steps)")
            yield label, lambda folder, tweak=tweak, modelled=modelled, name=name: exactness(
                Case(folder, dict(SMALL, **tweak), modelled), name)
    for modelled in (False, True):
        suffix = " (equal time, modelled clock)" if modelled else " (steps)"
        yield "sibling fork" + suffix, lambda folder, modelled=modelled: chained(Case(folder, dict(SMALL), modelled))
    yield "a record without the probes' relevance is refused", lambda folder: refused(
        Case(folder, dict(SMALL), False), lambda r: r.update(relevance=[]),
        "the record has no grad_ratio relevance for its probe at step 0")
    yield "a record of another torch is refused", lambda folder: refused(
        Case(folder, dict(SMALL), False), lambda r: r["torch"].update(version="0.0"),
        "the baseline ran with torch version 0.0, this run with " + __import__("torch").__version__)
    yield "a record the engine wrote is refused", lambda folder: refused(
        Case(folder, dict(SMALL), False), lambda r: r.pop("torch"), "the record was not written by the torch runner")
    yield "bfloat16 (steps)", lambda folder: exactness(Case(folder, dict(SMALL, dtype="bfloat16"), False), "bfloat16")
    # float16 is mixed precision: its snapshot carries the loss scaler's state too.
    yield "float16 (steps)", lambda folder: exactness(Case(folder, dict(SMALL, dtype="float16"), False), "float16")
    yield "bad fork flags are refused as bench refuses them", flag_errors


def main(argv):
    prefix = argv[0] if argv else ""
    failed = 0
    for label, check in cases():
        if not label.startswith(prefix):
            continue
        folder = tempfile.mkdtemp(prefix="torch-fork-")
        try:
            problems = check(folder)
        except Exception as error:  # a run that failed is a failed case, with its reason
            problems = ["%s: %s" % (type(error).__name__, error)]
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        if problems:
            failed += 1
            print("FAIL %s: %s" % (label, "; ".join(problems)))
        else:
            print("ok %s" % label)
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
