"""Prefix forking (docs/benchmark.md, "Prefix forking"): the same files and meaning as
`blocksweep bench`'s (Sources/blocksweep/BenchForking.swift, ForkFolder.swift;
Sources/BlockBench/Run/ForkShadows.swift, BenchRun+Fork.swift). The record is the engine's
ForkRecord JSON plus a `torch` entry naming what the numbers depend on; the snapshots are this
runner's own (torch.save) files."""

import argparse
import json
import os
import tempfile

from blocksweep_torch.clock import calibrated_cost, calibrated_halfwidth
from blocksweep_torch.controller import new_controller, steps_limit
from blocksweep_torch.files import (
    FORK_PLAN_FILE, FORK_RECORD_FILE, FORK_RECORD_KIND, SNAPSHOT_KIND, json_number, read_number, snapshot_file,
    write_atomically,
)
from blocksweep_torch.parameters import PARAMETERS, UsageError, eprint, full_update_settings, setting_value


def fork_dependents(folder):
    """`--fork-dir`'s fork-plan.json: the source job's id and each dependent's job id and settings
    (on top of the benchmark defaults)."""
    path = os.path.join(folder, FORK_PLAN_FILE)
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        raise UsageError("--fork-dir %s: cannot read %s" % (folder, FORK_PLAN_FILE))
    try:
        plan = json.loads(text)
        if not (isinstance(plan, dict) and isinstance(plan.get("baseline"), str)
                and isinstance(plan.get("dependents"), list)
                and all(isinstance(d, dict) and isinstance(d.get("job"), str) and isinstance(d.get("params"), dict)
                        for d in plan["dependents"])):
            raise ValueError("expected {\"baseline\": id, \"dependents\": [{\"job\": id, \"params\": {…}}]}")
    except ValueError as error:
        raise UsageError("--fork-dir %s: %s is not a fork plan (%s)" % (folder, FORK_PLAN_FILE, error))
    kinds = {name: kind for name, kind, _, _ in PARAMETERS}
    dependents = []
    for d in plan["dependents"]:
        config = argparse.Namespace(**{name: default for name, _, default, _ in PARAMETERS})
        for name, value in d["params"].items():
            typed = setting_value(kinds[name], value) if name in kinds else None
            if typed is None:
                raise UsageError("--fork-dir %s: %s: job %s: bad setting %s = %s"
                                 % (folder, FORK_PLAN_FILE, d["job"], name, json.dumps(value)))
            setattr(config, name, typed)
        dependents.append((d["job"], config))
    return plan["baseline"], dependents


def fork_incompatibility(c, source, modelled_budget):
    """Why a dependent's run cannot be taken from this source's, or None when it can."""
    for name in full_update_settings():
        theirs, ours = getattr(c, name), getattr(source, name)
        if theirs != ours:
            return "its %s is %s, the baseline's %s" % (name, theirs, ours)
    if c.equal_time_budget and not modelled_budget:
        return "its equal-time budget reads the wall clock, so where it diverges cannot be known in advance"
    return None


class ForkShadows:
    """A source run's view of the dynamic_suffix jobs that will fork from it: each one's
    controller, run beside the source's training on the source's losses, until the step where
    that job would train other blocks than the source does, or stop (its divergence step)."""

    def __init__(self, bench, dependents, costs, modelled_budget, budget_ms):
        self.bench = bench
        self.costs = costs
        self.live = []
        self.fork_steps = {}
        self.refused = []
        for job, c in dependents:
            reason = fork_incompatibility(c, bench.c, modelled_budget)
            if reason is None and c.equal_time_budget and budget_ms is None:
                reason = "its equal-time budget is not known to this run"
            if reason is not None:
                self.refused.append((job, reason))
                continue
            budget = budget_ms if c.equal_time_budget else None
            self.live.append({"job": job, "config": c, "controller": new_controller(c, budget, steps_limit(c, budget)),
                              "budget": budget, "modelled": 0.0, "probing": False})

    def before_step(self, step, losses, source_start):
        """The dependents that diverge at `step` (they fork from the state now), and whether
        one still following probes in this step (then its relevance is recorded)."""
        fork_here, probing, kept = [], False, []
        for s in self.live:
            c = s["config"]
            stops = s["budget"] is not None and s["modelled"] >= s["budget"] and step >= max(1, c.warmup_ignore_steps)
            plan = None if stops else s["controller"].plan(step, s["modelled"], losses)
            if plan is not None and plan[0] == source_start:
                s["probing"] = plan[1]
                probing = probing or plan[1]
                kept.append(s)
            else:
                fork_here.append(s["job"])
                self.fork_steps[s["job"]] = step
        self.live = kept
        return fork_here, probing

    def after_step(self, step, loss, stats, active_layers):
        """Each dependent learns from the source's step as its own run would; one that probed
        without the statistics its metric reads is refused."""
        kept = []
        for s in self.live:
            c = s["config"]
            if s["probing"]:
                scores = self.bench.scores_from_record(stats, c.dyn_relevance_metric, c.dyn_eps)
                if scores is None:
                    self.refused.append((s["job"], "no %s relevance for its probe at step %d"
                                         % (c.dyn_relevance_metric, step)))
                    continue
                s["controller"].record_probe(step, loss, scores)
            if self.costs is not None:
                s["modelled"] += calibrated_cost(self.costs, c.n_layers, active_layers, s["probing"])
            kept.append(s)
        self.live = kept

    def refuse(self, jobs, reason):
        for job in jobs:
            self.fork_steps.pop(job, None)
            self.refused.append((job, reason))

    def finish(self, step):
        """The source has ended after `step` steps: those still following fork from its end."""
        jobs = [s["job"] for s in self.live]
        for job in jobs:
            self.fork_steps[job] = step
        self.live = []
        return jobs


class ForkStart:
    """What a forked run starts from: its source's record of the first `step` steps and the
    training state after them."""

    def __init__(self, source, step, losses, step_times, active, relevance, snapshot):
        self.source, self.step = source, step
        self.losses, self.step_times, self.active = losses, step_times, active
        self.relevance = relevance
        self.snapshot = snapshot


def read_fork_start(folder, step, bench, identity):
    """The record and snapshot a dependent forks from at `step`, or the reason it cannot (a str)."""
    torch = bench.torch
    path = os.path.join(folder, FORK_RECORD_FILE)
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        return "cannot read %s" % path
    c = bench.c
    n = c.n_layers
    try:
        record = json.loads(text)
        if not isinstance(record, dict) or record.get("kind") != FORK_RECORD_KIND:
            raise ValueError("kind is not %s" % FORK_RECORD_KIND)
        source = record["baseline"]
        threads = record["threads"]
        losses = [read_number(v) for v in record["losses"]]
        step_times = [read_number(v) for v in record["step_times_ms"]]
        active = [int(v) for v in record["active_layers"]]
        relevance = {int(r["step"]): [[read_number(v) for v in b] for b in r["blocks"]] for r in record["relevance"]}
        entries = [(int(e["step"]), str(e["file"])) for e in record["snapshots"]]
    except (ValueError, KeyError, TypeError) as error:
        return "%s is not a fork record (%s)" % (path, error)
    if threads != bench.threads:
        return "the baseline ran on %s threads, this run on %s" % (threads, bench.threads)
    theirs = record.get("torch")
    if not isinstance(theirs, dict):
        return "the record was not written by the torch runner"
    for key in ("version", "device", "device_name", "deterministic"):
        if theirs.get(key) != identity[key]:
            return "the baseline ran with torch %s %s, this run with %s" % (key, theirs.get(key), identity[key])
    file = next((f for s, f in entries if s == step), None)
    if file is None:
        return "the baseline made no snapshot at step %d" % step
    try:
        snapshot = torch.load(os.path.join(folder, file), map_location=bench.device, weights_only=True)
    except Exception as error:  # a missing, cut or foreign file: refused, the run trains from step 0
        return "cannot read the snapshot %s (%s)" % (file, error)
    shapes = [(bench.hidden, c.dmodel), (c.dmodel, bench.hidden)] * n + [(c.dmodel, c.dmodel)]
    try:
        weights, moments = snapshot["weights"], snapshot["optimizer"]
        fits = (snapshot.get("kind") == SNAPSHOT_KIND and snapshot.get("step") == step
                and len(weights) == len(shapes)
                and all(tuple(w.shape) == s and w.dtype == bench.dtype for w, s in zip(weights, shapes))
                and all(0 <= k < len(shapes) and tuple(v["exp_avg"].shape) == shapes[k]
                        and tuple(v["exp_avg_sq"].shape) == shapes[k] for k, v in moments.items()))
    except (KeyError, TypeError, AttributeError):
        fits = False
    if not fits:
        return "the snapshot at step %d is of another model" % step
    return ForkStart(source, step, losses, step_times, active, relevance, snapshot)


def restore(trainer, snapshot):
    """The training state of a snapshot: weights, AdamW moments and step counts, loss scale."""
    with trainer.bench.torch.no_grad():
        for w, saved in zip(trainer.weights, snapshot["weights"]):
            w.copy_(saved)
    state = trainer.optimizer.state_dict()
    state["state"] = snapshot["optimizer"]
    trainer.optimizer.load_state_dict(state)
    if snapshot.get("scaler"):
        trainer.scaler.load_state_dict(snapshot["scaler"])


def replay(bench, start, controller, log, budget_ms, costs, modelled_budget):
    """A dependent's first `start.step` steps from its source's record: its controller replayed
    over the source's losses and relevance exactly as its own run would drive it, each step
    charged the source's measured time. Returns why the record cannot stand in, or None."""
    c = bench.c
    n = c.n_layers
    if budget_ms is not None and not modelled_budget:
        return "its equal-time budget reads the wall clock"
    if len(start.losses) < start.step or len(start.step_times) < start.step:
        return "the record holds %d steps, fewer than the fork step %d" % (len(start.losses), start.step)
    for step in range(start.step):
        budget_elapsed = log.modelled if modelled_budget else log.elapsed
        if budget_ms is not None and budget_elapsed >= budget_ms and step >= max(1, c.warmup_ignore_steps):
            return "its budget runs out at step %d, before the fork step %d" % (step, start.step)
        active_start, probe = controller.plan(step, budget_elapsed, log.losses)
        source_active = start.active[step] if step < len(start.active) else n
        if active_start != n - source_active:
            return "it trains %d of %d blocks at step %d, its source %d, before the fork step %d" % (
                n - active_start, n, step, source_active, start.step)
        loss = start.losses[step]
        if probe:
            scores = bench.scores_from_record(start.relevance.get(step), c.dyn_relevance_metric, c.dyn_eps)
            if scores is None:
                return "the record has no %s relevance for its probe at step %d" % (c.dyn_relevance_metric, step)
            controller.record_probe(step, loss, scores)
        log.append(start.step_times[step], loss, source_active,
                   calibrated_cost(costs, n, source_active, probe) if costs is not None else None,
                   calibrated_halfwidth(costs, n, source_active, probe))
    return None


class Forking:
    """A run's part in prefix forking: as a source (`--fork-dir`) it writes a snapshot where
    each dependent diverges and then its record; as a dependent (`--fork-from`) it starts from a
    record and snapshot, or trains from step 0 when it cannot (said on stderr)."""

    def __init__(self, args, schedules):
        self.dir = args.fork_dir
        self.source_job, self.dependents = None, []
        self.start = None
        self.snapshots = []
        self.recording = None
        if args.fork_dir is not None:
            if schedules not in (["full_update"], ["dynamic_suffix"]):
                raise UsageError("--fork-dir: a fork record comes from one full_update or dynamic_suffix run "
                                 "(--schedules full_update or dynamic_suffix)")
            self.source_job, self.dependents = fork_dependents(args.fork_dir)
        if args.fork_from is None:
            if args.fork_step is not None:
                raise UsageError("--fork-step: needs --fork-from DIR")
        else:
            if schedules != ["dynamic_suffix"]:
                raise UsageError("--fork-from: only a dynamic_suffix run forks (--schedules dynamic_suffix)")
            if args.fork_step is None:
                raise UsageError("--fork-from: needs --fork-step N")
        self.fork_from, self.fork_step = args.fork_from, args.fork_step

    def load_start(self, bench, identity):
        if self.fork_from is None:
            return
        start = read_fork_start(self.fork_from, self.fork_step, bench, identity)
        if isinstance(start, str):
            self.refuse(start)
        else:
            self.start = start

    def refuse(self, reason):
        eprint("note: --fork-from %s: not forking: %s; training from step 0" % (self.fork_from, reason))
        self.start = None

    def save(self, trainer, step, jobs):
        """The training state after `step` steps, for the jobs that fork there."""
        file = snapshot_file(step)
        path = os.path.join(self.dir, file)
        temporary = None
        try:
            fd, temporary = tempfile.mkstemp(dir=self.dir, prefix=".tmp-")
            with os.fdopen(fd, "wb") as f:
                trainer.bench.torch.save({
                    "kind": SNAPSHOT_KIND, "step": step, "weights": [w.detach() for w in trainer.weights],
                    "optimizer": trainer.optimizer.state_dict()["state"], "scaler": trainer.scaler.state_dict(),
                }, f)
            os.replace(temporary, path)
        except (OSError, RuntimeError) as error:  # a full disk: torch's writer raises RuntimeError
            if temporary is not None and os.path.exists(temporary):
                os.unlink(temporary)
            raise OSError("--fork-dir %s: cannot write a snapshot: %s" % (self.dir, error))
        self.snapshots.append({"step": step, "file": file, "bytes": os.path.getsize(path), "jobs": jobs})

    def finish(self, bench, identity):
        """The record, once the source has trained (the engine's ForkRecord JSON)."""
        if self.dir is None or self.recording is None:
            return
        r = self.recording
        for job, reason in r["refused"]:
            eprint("note: %s cannot fork: %s" % (job, reason))
        record = {
            "kind": FORK_RECORD_KIND, "baseline": self.source_job, "threads": bench.threads, "blas_core": None,
            "losses": [json_number(v) for v in r["losses"]],
            "step_times_ms": [json_number(v) for v in r["step_times_ms"]],
            "active_layers": r["active_layers"],
            "relevance": [{"step": step, "blocks": [[json_number(v) for v in b] for b in blocks]}
                          for step, blocks in r["relevance"]],
            "snapshots": self.snapshots, "torch": identity,
        }
        write_atomically(os.path.join(self.dir, FORK_RECORD_FILE), json.dumps(record, allow_nan=False) + "\n")
        total = sum(s["bytes"] for s in self.snapshots)
        eprint("fork record: %d dependents, %d snapshots (%.1f MiB) in %s"
               % (len(r["fork_steps"]), len(self.snapshots), total / 1048576, self.dir))
