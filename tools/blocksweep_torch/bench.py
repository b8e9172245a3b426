"""`bench`: every schedule of one benchmark run, its result JSON and summary table, as
`blocksweep bench` (Sources/BlockBench/Run/BenchRun.swift)."""

import datetime
import json
import math
import os
import sys
import time

from blocksweep_torch.clock import StepLog, calibrated_cost, calibrated_halfwidth
from blocksweep_torch.controller import new_controller, steps_limit
from blocksweep_torch.files import (
    PROGRESS_ENV, ProgressFile,
    calibration_digest, check_writable, load_baseline, load_calibration, read_inputs, write_atomically,
)
from blocksweep_torch.forking import ForkShadows, Forking, replay, restore
from blocksweep_torch.model import Batches, Bench, resolve_device, system_info, timed_step, torch_identity
from blocksweep_torch.parameters import PARAMETERS, SCRIPT_NAME, UsageError, eprint, parse_schedules
from blocksweep_torch.stats import budget_loss_halfwidth, finite_or_none, step_statistics


def notes_for(schedule, c):
    if schedule == "full_update":
        return "full update"
    if schedule == "static_suffix":
        return "static active suffix=%d" % min(max(c.static_active_layers, 1), c.n_layers)
    text = "dynamic relevance-guided active suffix (metric=%s)" % c.dyn_relevance_metric
    if c.dyn_adapt_budget:
        text += " + adaptive budget"
    if c.dyn_require_stable:
        text += " + stability-gated freeze"
    if c.dyn_final_full_frac > 0:
        text += " + final_recovery=%s@frac=%s" % (c.dyn_final_recovery_mode, repr(c.dyn_final_full_frac))
    return text


def train(bench, schedule, trainer, batches, budget_ms, costs, modelled_budget, forking=None, progress=None):
    c = bench.c
    n = c.n_layers
    limit = steps_limit(c, budget_ms)
    controller = new_controller(c, budget_ms, limit) if schedule == "dynamic_suffix" else None
    static_start = n - min(max(c.static_active_layers, 1), n)
    log = StepLog()
    metric = c.dyn_relevance_metric

    # Prefix forking, dependent: the first steps come from the source's record.
    first_step = 0
    forked_from = None
    start_from = forking.start if forking is not None and schedule == "dynamic_suffix" else None
    if start_from is not None:
        replayed, replayed_log = new_controller(c, budget_ms, limit), StepLog()
        problem = replay(bench, start_from, replayed, replayed_log, budget_ms, costs, modelled_budget)
        if problem is not None:
            forking.refuse(problem)
            start_from = None
        else:
            controller, log = replayed, replayed_log
            batches.skip(start_from.step)
            restore(trainer, start_from.snapshot)
            first_step = start_from.step
            forked_from = {"job": start_from.source, "step": start_from.step}
    # Prefix forking, source: follow the dependents' controllers to their divergence.
    shadows = None
    relevance = []
    if forking is not None and forking.dependents and schedule != "static_suffix":
        # A dependent's equal-time budget on the modelled clock: the baseline's modelled time
        # after its steps (summed as the baseline sums it), or this run's own budget.
        if schedule == "full_update":
            budget = None
            if costs is not None:
                budget = 0.0
                for _ in range(c.steps):
                    budget += calibrated_cost(costs, n, n, False)
        else:
            budget = budget_ms if modelled_budget else None
        shadows = ForkShadows(bench, forking.dependents, costs, modelled_budget, budget)
        # A forked source follows its dependents through the steps it took from its record too.
        for step in range(first_step):
            fork_here, probing = shadows.before_step(step, log.losses[:step], n - log.active[step])
            shadows.refuse(fork_here, "it diverges at step %d, before this run's own fork step" % step)
            stats = start_from.relevance.get(step) if probing else None
            if stats is not None:
                relevance.append((step, stats))
            shadows.after_step(step, log.losses[step], stats, log.active[step])

    last_progress = time.monotonic()
    for step in range(first_step, limit):
        budget_elapsed = log.modelled if modelled_budget else log.elapsed
        if budget_ms is not None and budget_elapsed >= budget_ms and step >= max(1, c.warmup_ignore_steps):
            break
        x, target = batches.next(step)
        probe = False
        if schedule == "full_update":
            start = 0
        elif schedule == "static_suffix":
            start = static_start
        else:
            start, probe = controller.plan(step, budget_elapsed, log.losses)
        record = False
        if shadows is not None:
            fork_here, record = shadows.before_step(step, log.losses, start)
            if fork_here:
                forking.save(trainer, step, fork_here)
        loss, scores, stats, ms = timed_step(
            bench, trainer, x, target, start, metric if probe else None, c.dyn_eps, record)
        if probe:
            controller.record_probe(step, loss, scores or [])
        if shadows is not None:
            if record:
                relevance.append((step, stats))
            shadows.after_step(step, loss, stats, n - start)
        log.append(ms, loss, n - start, calibrated_cost(costs, n, n - start, probe) if costs is not None else None,
                   calibrated_halfwidth(costs, n, n - start, probe))
        if progress is not None:
            progress.append(
                step=step, schedule=schedule, kind="probe" if probe else "active_%d" % (n - start), ms=ms,
                modelled_ms=log.modelled_times[-1] if costs is not None else None, loss=loss,
                probe_loss=loss if probe else None, active_layers=n - start, elapsed_ms=log.elapsed,
                modelled_elapsed_ms=log.modelled if costs is not None else None, steps_limit=limit,
                budget_ms=budget_ms,
                budget_clock=None if budget_ms is None else ("modelled" if modelled_budget else "wall"))
        if time.monotonic() - last_progress >= 10:
            last_progress = time.monotonic()
            eprint("  %s: step %d/%d, loss %.6f, %.1f ms/step" % (
                schedule, step + 1, limit, loss, log.elapsed / (step + 1)))
    if shadows is not None:
        at_end = shadows.finish(len(log.times))
        if at_end:
            forking.save(trainer, len(log.times), at_end)
        forking.recording = {"losses": log.losses, "step_times_ms": log.times, "active_layers": log.active,
                             "relevance": relevance, "fork_steps": shadows.fork_steps, "refused": shadows.refused}
    times, losses, active, modelled_times, elapsed = log.times, log.losses, log.active, log.modelled_times, log.elapsed
    modelled = log.modelled
    mean, p50, p90 = step_statistics(times, c.warmup_ignore_steps)
    result = {
        "schedule": schedule, "steps_executed": len(times), "elapsed_ms": elapsed, "final_val_loss": None,
        "train_loss_start": finite_or_none(losses[0]) if losses else None,
        "train_loss_end": finite_or_none(losses[-1]) if losses else None,
        "mean_step_ms": finite_or_none(mean), "p50_step_ms": finite_or_none(p50), "p90_step_ms": finite_or_none(p90),
        "speedup_vs_full": None,
        "active_layers_mean": sum(active) / len(active) if active else None,
        "active_layers_min": min(active) if active else None,
        "active_layers_max": max(active) if active else None,
        "probe_step_count": controller.probe_count if controller else 0,
        "notes": notes_for(schedule, c),
    }
    trace = {
        "step_times_ms": times, "train_losses": [finite_or_none(v) for v in losses],
        "active_layers_hist": active, "dynamic_trace": controller.events if controller else [],
    }
    if costs is not None:
        result["modelled_elapsed_ms"] = modelled
        result["modelled_mean_step_ms"] = finite_or_none(step_statistics(modelled_times, c.warmup_ignore_steps)[0])
        trace["modelled_step_ms"] = modelled_times
        if log.modelled_spread is not None and modelled > 0:
            halfwidth = log.modelled_spread / modelled
            result["modelled_halfwidth"] = halfwidth
            if modelled_budget and budget_ms is not None:
                result["budget_loss_halfwidth"] = finite_or_none(budget_loss_halfwidth(losses, halfwidth))
    if forked_from is not None:
        result["forked_from"] = forked_from
    return result, trace


def summary_table(results):
    def num(v, digits):
        return "nan" if v is None or not math.isfinite(v) else "%.*f" % (digits, v)

    header = ["schedule", "steps", "final_val", "train_start", "train_end", "mean_ms", "p50_ms", "p90_ms",
              "speedup", "active mean/min/max", "probes"]
    rows = [[r["schedule"], str(r["steps_executed"]), num(r["final_val_loss"], 6), num(r["train_loss_start"], 6),
             num(r["train_loss_end"], 6), num(r["mean_step_ms"], 3), num(r["p50_step_ms"], 3),
             num(r["p90_step_ms"], 3), "-" if r["speedup_vs_full"] is None else num(r["speedup_vs_full"], 3) + "x",
             "%s/%s/%s" % (num(r["active_layers_mean"], 2), r["active_layers_min"], r["active_layers_max"]),
             str(r["probe_step_count"])] for r in results]
    widths = [max(len(row[i]) for row in [header] + rows) for i in range(len(header))]

    def line(cells):
        return "  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(cells))

    return "\n".join([line(header), "-" * (sum(widths) + 2 * (len(widths) - 1))] + [line(r) for r in rows]) + "\n"


def run_bench(args, torch):
    c = args
    schedules = parse_schedules(args.schedules)
    forking = Forking(args, schedules)
    if c.json_out:
        check_writable(c.json_out, "--json-out")
    progress = ProgressFile(c.progress_out or os.environ.get(PROGRESS_ENV))
    baseline = load_baseline(args.baseline_json, c) if args.baseline_json else None
    if c.equal_time_budget and "full_update" not in schedules and baseline is None and any(
            s != "full_update" for s in schedules):
        raise UsageError("--equal-time-budget: static_suffix and dynamic_suffix need the full_update run's elapsed "
                         "time: add full_update to --schedules or pass --baseline-json")
    device = resolve_device(torch, c.device)
    bench = Bench(c, torch, device, args.threads)
    modelled_budget = args.equal_time_clock == "modelled"
    costs = None
    if args.calibration:
        costs = load_calibration(args.calibration, c, bench.threads, device.type, schedules)
        if modelled_budget and c.equal_time_budget and baseline is not None and baseline.get("modelled_elapsed_ms") is None \
                and not isinstance(baseline.get("steps_executed"), int):
            raise UsageError("--baseline-json %s: has neither steps_executed nor modelled_elapsed_ms, which the "
                             "modelled equal-time budget needs" % args.baseline_json)
    elif modelled_budget:
        raise UsageError("--equal-time-clock modelled: needs --calibration FILE (from `calibrate`)")

    if args.import_inputs:
        student, validation, training = read_inputs(args.import_inputs, c, torch, device, bench.dtype)

        def batches_for(_schedule):
            def next_batch(step):
                if step >= len(training):
                    raise UsageError("--import-inputs %s: holds %d training batches, the run needs step %d"
                                     % (args.import_inputs, len(training), step + 1))
                return training[step]
            return Batches(next_batch, lambda _count: None)
    else:
        teacher, student = bench.new_models()
        draw_validation, _ = bench.batch_source(teacher, 3)
        validation = [draw_validation() for _ in range(c.val_batches)]

        def batches_for(_schedule):
            draw, skip = bench.batch_source(teacher, 4)  # the same sequence for every schedule
            return Batches(lambda _step: draw(), skip)

    # Warm-up outside any timed run: the first CUDA kernels and allocations are not a step's cost.
    if device.type == "cuda":
        warm = bench.trainer(student)
        x, t = validation[0]
        for _ in range(3):
            timed_step(bench, warm, x, t, 0, c.dyn_relevance_metric, c.dyn_eps)
        del warm

    identity = torch_identity(torch, bench)
    forking.load_start(bench, identity)
    results, traces = [], {}
    full = None
    if baseline is not None:
        full = {"elapsed_ms": baseline.get("elapsed_ms"), "mean_step_ms": baseline.get("mean_step_ms"),
                "modelled_elapsed_ms": baseline.get("modelled_elapsed_ms"),
                "modelled_mean_step_ms": baseline.get("modelled_mean_step_ms")}
        steps = baseline.get("steps_executed")
        if costs is not None and isinstance(steps, int):
            # BenchRun.Baseline.priced: the baseline's full steps priced by this run's own
            # calibration, so a budget and a speedup never mix two calibrations' prices.
            full_ms = calibrated_cost(costs, c.n_layers, c.n_layers, False)
            full["modelled_elapsed_ms"] = steps * full_ms
            full["modelled_mean_step_ms"] = full_ms
    for schedule in schedules:
        trainer = bench.trainer(student)
        budget = None
        if c.equal_time_budget and schedule != "full_update" and full is not None:
            budget = full["modelled_elapsed_ms"] if (costs is not None and modelled_budget) else full["elapsed_ms"]
        result, trace = train(bench, schedule, trainer, batches_for(schedule), budget, costs,
                              costs is not None and modelled_budget, forking, progress)
        val = sum(trainer.evaluate(x, t) for x, t in validation) / max(len(validation), 1)
        result["final_val_loss"] = finite_or_none(val)
        if schedule == "full_update":
            full = {k: result.get(k) for k in ("elapsed_ms", "mean_step_ms", "modelled_elapsed_ms", "modelled_mean_step_ms")}
            full["steps_executed"] = result.get("steps_executed")
            result["speedup_vs_full"] = 1.0
            if costs is not None:
                result["speedup_vs_full_modelled"] = 1.0
        else:
            if full is not None and full.get("mean_step_ms") and result["mean_step_ms"]:
                result["speedup_vs_full"] = full["mean_step_ms"] / result["mean_step_ms"]
            if full is not None and full.get("modelled_mean_step_ms") and result.get("modelled_mean_step_ms"):
                result["speedup_vs_full_modelled"] = full["modelled_mean_step_ms"] / result["modelled_mean_step_ms"]
        results.append(result)
        traces[schedule] = trace
        eprint("  %s: %d step%s, %s ms/step, val loss %s" % (
            schedule, result["steps_executed"], "" if result["steps_executed"] == 1 else "s",
            "nan" if result["mean_step_ms"] is None else "%.2f" % result["mean_step_ms"],
            "nan" if result["final_val_loss"] is None else "%.6f" % result["final_val_loss"]))
        del trainer
    sys.stdout.write(summary_table(results))
    sys.stdout.flush()

    config = {"device_arg": c.device, "resolved_device": device.type}
    for name, _, _, _ in PARAMETERS:
        if name != "device":
            config[name] = getattr(c, name)
    if args.calibration:
        config["equal_time_clock"] = args.equal_time_clock
        config["calibration"] = os.path.basename(args.calibration)
        config["calibration_digest"] = calibration_digest(args.calibration)
    report = {
        "script": SCRIPT_NAME,
        "timestamp_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "config": config, "system": system_info(torch, bench), "results": results, "traces": traces,
    }
    forking.finish(bench, identity)
    if c.json_out:
        write_atomically(c.json_out, json.dumps(report, indent=2, allow_nan=False) + "\n")
        eprint("wrote %s" % c.json_out)
