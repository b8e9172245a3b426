"""`calibrate`: step costs relative to the full step, pooled on the log scale
(Sources/BlockBench/Calibration/Calibrator.swift), written as `blocksweep calibrate` writes them."""

import json
import math
import sys
import time

from blocksweep_torch.files import CALIBRATION_KIND, check_writable, write_atomically
from blocksweep_torch.model import Bench, cpu_model, resolve_device, timed_step
from blocksweep_torch.parameters import PARAMETERS, UsageError, eprint
from blocksweep_torch.stats import t_quantile
from blocksweep_torch.step_kinds import parse_kinds, step_kind_order, step_kinds_all


def calibrate_kinds(args):
    """Checks calibrate's own flags before torch is imported, as `blocksweep calibrate` does
    (CalibrateCommand.swift); returns the kinds to measure, in calibration order."""
    c = args
    if not (c.cap_seconds > 0 and math.isfinite(c.cap_seconds)):
        raise UsageError("--cap-seconds: must be a positive number of seconds, got '%s'" % c.cap_seconds)
    if not (0 < c.target < 1):
        raise UsageError("--target: must be a fraction in (0, 1), got '%s'" % c.target)
    if not c.json_out:
        raise UsageError("--json-out: calibrate needs a file to write the calibration to")
    check_writable(c.json_out, "--json-out")
    return parse_kinds(c.kinds, c.n_layers) if c.kinds is not None else step_kinds_all(c.n_layers)


def run_calibrate(args, torch, kinds):
    """Step costs of `kinds` (every kind, or `--kinds` and the full step), round-robin with the
    order rotated each round, relative to the full step of the same round and pooled on the log
    scale (Calibration/Calibrator.swift)."""
    c = args
    n = c.n_layers
    # Settings a step's cost does not depend on take the bench defaults.
    for name, _, default, _ in PARAMETERS:
        if not hasattr(c, name):
            setattr(c, name, default)
    device = resolve_device(torch, c.device)
    bench = Bench(c, torch, device, args.threads)
    teacher, student = bench.new_models()
    trainer = bench.trainer(student)
    draw, _ = bench.batch_source(teacher, 4)
    full = "active_%d" % n
    warmup_rounds, min_rounds, rounds_before_cap = 2, 5, 2
    ratios = {kind: [] for kind in kinds}
    full_times = []
    began = time.monotonic()
    round_index = counted = 0
    converged = False

    def halfwidth(logs):
        if len(logs) < 2:
            return float("inf")
        m = sum(logs) / len(logs)
        sd = math.sqrt(sum((v - m) ** 2 for v in logs) / (len(logs) - 1))
        return math.exp(t_quantile(0.975, len(logs) - 1) * sd / math.sqrt(len(logs))) - 1

    while True:
        times = {}
        for j in range(len(kinds)):
            kind = kinds[(j + round_index) % len(kinds)]
            x, t = draw()
            probe = kind == "probe"
            start = 0 if probe else n - step_kind_order(kind)[1]  # a probe trains every block
            _, _, _, ms = timed_step(bench, trainer, x, t, start, c.dyn_relevance_metric if probe else None, 1e-8)
            times[kind] = ms
        round_index += 1
        if round_index > warmup_rounds:
            counted += 1
            full_times.append(times[full])
            for kind in kinds:
                ratios[kind].append(math.log(times[kind] / times[full]))
            if counted >= min_rounds:
                converged = all(halfwidth(ratios[k]) <= c.target for k in kinds)
                if converged:
                    break
        if time.monotonic() - began >= c.cap_seconds and counted >= rounds_before_cap:
            break
    seconds = time.monotonic() - began
    ordered = sorted(full_times)
    mid = len(ordered) // 2
    full_ms = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    relative = [math.exp(sum(ratios[k]) / len(ratios[k])) for k in kinds]
    widths = [halfwidth(ratios[k]) for k in kinds]
    step_ms = [r * full_ms for r in relative]

    def laid_out(values):
        """k = 1…N, then probe, as the file holds them; None (null) for a kind not measured."""
        measured = dict(zip(kinds, values))
        return [measured.get(name) for name in step_kinds_all(n)]

    costs = laid_out(step_ms)
    record = {
        "kind": CALIBRATION_KIND, "version": 1,
        "model": {"dmodel": c.dmodel, "n_layers": n, "hidden_mult": c.hidden_mult, "batch_size": c.batch_size,
                  "seq_len": c.seq_len, "dtype": c.dtype},
        "device": device.type, "threads": bench.threads, "cpu_model": cpu_model(), "blas_core": None,
        "cuda_device_name": torch.cuda.get_device_name(0) if device.type == "cuda" else None,
        "kinds": kinds, "active_step_ms": costs[:-1],
        "relative": laid_out(relative), "relative_halfwidth": laid_out(widths),
        "rounds": counted, "seconds": seconds, "cap_seconds": c.cap_seconds, "target": c.target,
        "converged": converged,
    }
    if costs[-1] is not None:
        record["probe_step_ms"] = costs[-1]  # absent when probes were not measured, as the engine's
    head = ("converged: every relative cost within ±%s%% after %d rounds" % (c.target * 100, counted) if converged
            else "NOT converged: stopped at the %s s cap after %d rounds" % (c.cap_seconds, counted))
    lines = [head + " (%.1f s)" % seconds]
    for i, kind in enumerate(kinds):
        lines.append("  %-9s %9.3f ms  %.4f × full  ±%.2f%%" % (kind, step_ms[i], relative[i], widths[i] * 100))
    sys.stdout.write("\n".join(lines) + "\n")
    write_atomically(c.json_out, json.dumps(record, indent=2, sort_keys=True, allow_nan=False) + "\n")
    eprint("wrote %s" % c.json_out)
