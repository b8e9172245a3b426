#!/usr/bin/env python3
"""blocksweep's PyTorch runner: the benchmark of docs/benchmark.md on a GPU (or the CPU).

Same flags and same result JSON as `blocksweep bench`; `calibrate` as the first argument
measures step costs and writes the calibration JSON of `blocksweep calibrate`.

    python tools/blocksweep_torch.py [bench] --dtype bfloat16 --steps 200 ... --json-out r.json
    python tools/blocksweep_torch.py calibrate --dmodel 1024 ... --json-out cal.json

The dynamic_suffix controller below mirrors Sources/BlockBench/Schedules/*.swift decision by
decision (same comparisons, same order), so that from the same weights and batches
(`--import-inputs DIR`, written by `blocksweep bench --export-inputs DIR`) both engines take the
same steps; tools/crosscheck-torch.sh checks that they do.
"""

import argparse
import datetime
import json
import math
import os
import platform
import struct
import sys
import tempfile
import time

SCRIPT_NAME = "blocksweep_torch.py"
SCHEDULES = ["full_update", "static_suffix", "dynamic_suffix"]
RMS_EPS = 1.1920929e-07  # float32 machine epsilon, as the reference rmsnorm uses
CALIBRATION_KIND = "blocksweep-calibration"
INPUTS_KIND = "blocksweep-inputs"

# (flag name, type, default, domain), in the reference's order (Config/BenchParameter+Table.swift).
PARAMETERS = [
    ("device", str, "auto", ("choice", ["auto", "cuda", "cpu"])),
    ("dtype", str, "bfloat16", ("choice", ["float32", "float16", "bfloat16"])),
    ("seed", int, 42, ("any",)),
    ("dmodel", int, 1024, ("positive",)),
    ("n_layers", int, 18, ("positive",)),
    ("hidden_mult", int, 4, ("positive",)),
    ("batch_size", int, 8, ("positive",)),
    ("seq_len", int, 1024, ("positive",)),
    ("steps", int, 200, ("positive",)),
    ("equal_time_budget", bool, False, ("bool",)),
    ("max_steps_multiplier", float, 3.0, ("positive",)),
    ("lr", float, 3e-4, ("positive",)),
    ("weight_decay", float, 0.0, ("nonnegative",)),
    ("teacher_noise", float, 0.02, ("nonnegative",)),
    ("val_batches", int, 4, ("positive",)),
    ("warmup_ignore_steps", int, 5, ("nonnegative",)),
    ("static_active_layers", int, 6, ("positive",)),
    ("dyn_warmup_steps", int, 40, ("nonnegative",)),
    ("dyn_probe_every", int, 20, ("nonnegative",)),
    ("dyn_refresh_every", int, 80, ("nonnegative",)),
    ("dyn_relevance_metric", str, "grad_ratio", ("choice", ["grad_ratio", "saliency_abs_gp"])),
    ("dyn_relevance_threshold", float, 0.9, ("unit",)),
    ("dyn_min_active_layers", int, 4, ("positive",)),
    ("dyn_max_active_layers", int, 0, ("nonnegative",)),
    ("dyn_adapt_budget", bool, False, ("bool",)),
    ("dyn_freeze_start_step", int, -1, ("any",)),
    ("dyn_freeze_start_frac", float, 0.5, ("fraction",)),
    ("dyn_require_stable", bool, False, ("bool",)),
    ("dyn_stability_window", int, 12, ("positive",)),
    ("dyn_stability_rel_change", float, 0.02, ("nonnegative",)),
    ("dyn_stability_cv", float, 0.03, ("nonnegative",)),
    ("dyn_final_full_frac", float, 0.0, ("openfraction",)),
    ("dyn_final_recovery_mode", str, "full", ("choice", ["full", "staged"])),
    ("dyn_final_recovery_stage1_progress", float, 0.34, ("fraction",)),
    ("dyn_final_recovery_stage2_progress", float, 0.67, ("fraction",)),
    ("dyn_final_recovery_stage1_layers", int, 14, ("positive",)),
    ("dyn_final_recovery_stage2_layers", int, 16, ("positive",)),
    ("dyn_loss_upper", float, 1.03, ("positive",)),
    ("dyn_loss_lower", float, 0.995, ("positive",)),
    ("dyn_budget_step_up", int, 2, ("nonnegative",)),
    ("dyn_budget_step_down", int, 1, ("nonnegative",)),
    ("dyn_loss_ema_decay", float, 0.9, ("openfraction",)),
    ("dyn_ema_decay", float, 0.9, ("openfraction",)),
    ("dyn_eps", float, 1e-8, ("positive",)),
]
# Trainer.relevance_statistics' columns: Σg², Σw², Σ|g·w|; those each metric reads.
ALL_STATISTICS = (0, 1, 2)
STATISTICS_OF = {"grad_ratio": (0, 1), "saliency_abs_gp": (2,)}
CALIBRATE_FLAGS = {"dmodel", "n_layers", "hidden_mult", "batch_size", "seq_len", "dtype", "seed", "device"}


class UsageError(Exception):
    """Bad input: printed as `error: …`, exit status 2 (as `blocksweep bench`)."""


def flag(name):
    return "--" + name.replace("_", "-")


def eprint(text):
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


# ----------------------------------------------------------------------------- arguments


def parse_bool(text):
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    raise argparse.ArgumentTypeError("expected true or false, got '%s'" % text)


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


def build_parser(mode):
    parser = Parser(prog=SCRIPT_NAME + (" calibrate" if mode == "calibrate" else ""), allow_abbrev=False)
    for name, kind, default, _ in PARAMETERS:
        if mode == "calibrate" and name not in CALIBRATE_FLAGS:
            continue
        if kind is bool:
            parser.add_argument(flag(name), dest=name, nargs="?", const=True, default=default, type=parse_bool)
        else:
            parser.add_argument(flag(name), dest=name, type=kind, default=default)
    parser.add_argument("--threads", type=int, default=None, help="CPU threads of torch (default: its own)")
    parser.add_argument("--json-out", dest="json_out", default=None)
    parser.add_argument("--deterministic", nargs="?", const=True, default=False, type=parse_bool,
                        help="deterministic kernels (torch.use_deterministic_algorithms, "
                        "CUBLAS_WORKSPACE_CONFIG=:4096:8); implied by the fork flags")
    if mode == "calibrate":
        parser.add_argument("--cap-seconds", dest="cap_seconds", type=float, default=60.0)
        parser.add_argument("--target", type=float, default=0.01)
        parser.add_argument("--kinds", default=None, help="only these step kinds, e.g. active_2,active_8,probe "
                            "(default: all; the full step is always measured)")
    else:
        parser.add_argument("--schedules", default=",".join(SCHEDULES))
        parser.add_argument("--baseline-json", dest="baseline_json", default=None)
        parser.add_argument("--calibration", default=None)
        parser.add_argument("--equal-time-clock", dest="equal_time_clock", default="wall", choices=["wall", "modelled"])
        parser.add_argument("--import-inputs", dest="import_inputs", default=None)
        # Prefix forking (docs/benchmark.md, "Prefix forking"), as `blocksweep bench` has it.
        parser.add_argument("--fork-dir", dest="fork_dir", metavar="DIR", default=None,
                            help="record for the dependents in DIR/fork-plan.json (one full_update or "
                            "dynamic_suffix run)")
        parser.add_argument("--fork-from", dest="fork_from", metavar="DIR", default=None,
                            help="start from the record and snapshot in DIR (a dynamic_suffix run)")
        parser.add_argument("--fork-step", dest="fork_step", metavar="S", type=int, default=None,
                            help="the step of --fork-from's snapshot")
    return parser


def validate(args):
    """The settings that cannot run, as the engine refuses them (BenchConfig+Validation.swift)."""
    for name, kind, _, domain in PARAMETERS:
        if not hasattr(args, name):
            continue
        value = getattr(args, name)
        rule = domain[0]
        bad = None
        if rule == "choice" and value not in domain[1]:
            bad = "must be one of " + ", ".join(domain[1])
        elif rule == "positive" and not value > 0:
            bad = "must be at least 1" if kind is int else "must be above 0"
        elif rule == "nonnegative" and not value >= 0:
            bad = "must not be negative"
        elif rule == "unit" and not (0 < value <= 1):
            bad = "must be in (0, 1]"
        elif rule == "fraction" and not (0 <= value <= 1):
            bad = "must be in [0, 1]"
        elif rule == "openfraction" and not (0 <= value < 1):
            bad = "must be in [0, 1)"
        if kind is float and not math.isfinite(value):
            bad = "must be a finite number"
        if bad:
            raise UsageError("%s: %s, got %s" % (flag(name), bad, value))
    if hasattr(args, "dyn_final_recovery_stage2_progress") and (
        args.dyn_final_recovery_stage2_progress < args.dyn_final_recovery_stage1_progress
    ):
        raise UsageError(
            "--dyn-final-recovery-stage2-progress: must not be below --dyn-final-recovery-stage1-progress (%s)"
            % args.dyn_final_recovery_stage1_progress
        )
    if args.threads is not None and args.threads < 1:
        raise UsageError("--threads: must be a positive integer, got '%s'" % args.threads)


def parse_schedules(text):
    chosen = []
    for name in text.split(","):
        name = name.strip()
        if name not in SCHEDULES:
            raise UsageError("--schedules: unknown schedule '%s' (choose from %s)" % (name, ", ".join(SCHEDULES)))
        if name not in chosen:
            chosen.append(name)
    return [s for s in SCHEDULES if s in chosen]


# ----------------------------------------------------------------------------- numbers


def round_half_even(x):
    return int(round(x))  # Python rounds half to even, as Swift's .toNearestOrEven


def step_statistics(times, ignore):
    """mean, p50, p90 as Run/StepStatistics.swift: the first `ignore` left out when there are more."""
    kept = times[ignore:] if len(times) > ignore else list(times)
    if not kept:
        return float("nan"), float("nan"), float("nan")
    ordered = sorted(kept)

    def percentile(q):
        return ordered[round_half_even((len(ordered) - 1) * q)]

    return sum(kept) / len(kept), percentile(0.5), percentile(0.9)


def t_quantile(q, df):
    """Student t quantile by bisection on the CDF (Vocabulary/Statistics.swift does the same)."""
    if q == 0.5:
        return 0.0
    if q < 0.5:
        return -t_quantile(1 - q, df)
    lo, hi = 0.0, 1.0
    while t_cdf(hi, df) < q:
        lo, hi = hi, hi * 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if mid in (lo, hi):
            break
        if t_cdf(mid, df) < q:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def t_cdf(t, df):
    tail = 0.5 * incomplete_beta(df / (df + t * t), df / 2, 0.5)
    return 1 - tail if t >= 0 else tail


def incomplete_beta(x, a, b):
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(1 - x)
    if x < (a + 1) / (a + b + 2):
        return math.exp(front) * beta_fraction(x, a, b) / a
    return 1 - math.exp(front) * beta_fraction(1 - x, b, a) / b


def beta_fraction(x, a, b):
    tiny = 1e-300

    def guard(v):
        return tiny if abs(v) < tiny else v

    c, d = 1.0, 1.0 / guard(1 - (a + b) * x / (a + 1))
    h = d
    for m in range(1, 301):
        m2 = 2 * m
        for aa in (
            m * (b - m) * x / ((a - 1 + m2) * (a + m2)),
            -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1 + m2)),
        ):
            d = 1.0 / guard(1 + aa * d)
            c = guard(1 + aa / c)
            delta = d * c
            h *= delta
        if abs(delta - 1) < 1e-15:
            break
    return h


def finite_or_none(v):
    if v is None:
        return None
    return v if math.isfinite(v) else None


# ----------------------------------------------------------------------------- controller


def choose_active_start(scores, threshold, min_active, max_active):
    """Schedules/SuffixChoice.swift."""
    n = len(scores)
    lo = min(max(min_active, 1), n)
    hi = max(n if max_active <= 0 else min(max(max_active, 1), n), lo)
    total = sum(scores)
    if not total > 0:
        return n - hi
    answer = n - hi
    running = 0.0
    for i in range(n - 1, -1, -1):
        running += scores[i]
        k = n - i
        if k > hi:
            answer = n - hi
            break
        if running >= threshold * total and k >= lo:
            answer = i
            break
    return max(min(max(answer, n - hi), n - lo), 0)


def stability_test(losses, window, max_rel_change, max_cv):
    """Schedules/StabilityTest.swift: None while fewer than 2W losses exist."""
    w = window
    if w <= 0 or len(losses) < 2 * w:
        return None
    curr = losses[len(losses) - w:]
    prev = losses[len(losses) - 2 * w:len(losses) - w]
    prev_mean = sum(prev) / w
    curr_mean = sum(curr) / w
    variance = sum((x - curr_mean) * (x - curr_mean) for x in curr) / w
    rel_change = abs(curr_mean - prev_mean) / (abs(prev_mean) + 1e-12)
    cv = math.sqrt(variance) / (abs(curr_mean) + 1e-12)
    return {
        "stable": rel_change <= max_rel_change and cv <= max_cv,
        "prev_mean": prev_mean, "curr_mean": curr_mean, "rel_change": rel_change, "cv": cv,
    }


class FinalRecovery:
    """Schedules/FinalRecovery.swift."""

    def __init__(self, c, min_active):
        n = c.n_layers
        self.mode = c.dyn_final_recovery_mode
        self.n = n
        self.min_active = min_active
        self.stage1_layers = max(min_active, min(c.dyn_final_recovery_stage1_layers, n))
        self.stage2_layers = max(self.stage1_layers, min(c.dyn_final_recovery_stage2_layers, n))
        p1 = min(max(c.dyn_final_recovery_stage1_progress, 0.0), 1.0)
        self.stage1_progress = p1
        self.stage2_progress = max(min(max(c.dyn_final_recovery_stage2_progress, 0.0), 1.0), p1)

    def active_layers(self, p, current):
        if self.mode == "full":
            return self.n, "full"
        if p >= self.stage2_progress:
            layers, stage = self.n, "stage3_full"
        elif p >= self.stage1_progress:
            layers, stage = max(current, self.stage2_layers), "stage2"
        else:
            layers, stage = max(current, self.stage1_layers), "stage1"
        return min(max(layers, self.min_active), self.n), stage


class DynamicSuffixController:
    """Schedules/DynamicSuffixController.swift: decides each step's active start and learns
    from probe steps. `progress` is ("steps", limit) or ("time", budget_ms)."""

    def __init__(self, c, progress):
        n = c.n_layers
        self.c = c
        self.progress = progress
        self.min_active = min(max(c.dyn_min_active_layers, 1), n)
        cap = n if c.dyn_max_active_layers <= 0 else min(max(c.dyn_max_active_layers, 1), n)
        self.max_cap = max(cap, self.min_active)
        self.budget = self.max_cap
        self.dynamic_start = n - self.max_cap
        self.freeze_enabled = False
        self.ema_scores = [0.0] * n
        self.probe_loss_ema = None
        self.best_probe_loss = None
        self.probe_count = 0
        self.events = []
        self.recovery_stage = None
        self.recovery = FinalRecovery(c, self.min_active)

    def plan(self, step, elapsed_ms, losses):
        """(active start, is probe) of step `step`."""
        n = self.c.n_layers
        if not self.freeze_enabled:
            self.open_freeze_gate_if_ready(step, elapsed_ms, losses)
        p = self.final_recovery_progress(step, elapsed_ms)
        recovery_start = None
        if p is not None:
            layers, stage = self.recovery.active_layers(p, n - self.dynamic_start)
            recovery_start = n - layers
            if stage != self.recovery_stage:
                self.recovery_stage = stage
                self.events.append({
                    "step": step, "final_recovery_mode": self.recovery.mode, "final_recovery_stage": stage,
                    "final_recovery_progress": p, "final_recovery_active_layers": layers,
                })
        is_probe = p is None and self.is_probe_step(step)
        if not self.freeze_enabled:
            start = 0
        elif recovery_start is not None:
            start = recovery_start
        elif is_probe:
            start = 0
        else:
            start = self.dynamic_start
        return start, is_probe

    def record_probe(self, step, loss, scores):
        c = self.c
        self.probe_count += 1
        ema_prev = self.probe_loss_ema
        if self.probe_loss_ema is not None:
            ema = self.probe_loss_ema
            if c.dyn_adapt_budget:
                if loss > ema * c.dyn_loss_upper:
                    self.budget = min(self.budget + c.dyn_budget_step_up, self.max_cap)
                elif loss < ema * c.dyn_loss_lower:
                    self.budget = max(self.budget - c.dyn_budget_step_down, self.min_active)
            d = c.dyn_loss_ema_decay
            self.probe_loss_ema = d * ema + (1 - d) * loss
        else:
            self.probe_loss_ema = loss
        self.best_probe_loss = loss if self.best_probe_loss is None else min(self.best_probe_loss, loss)
        d = c.dyn_ema_decay
        for i in range(min(len(self.ema_scores), len(scores))):
            self.ema_scores[i] = d * self.ema_scores[i] + (1 - d) * scores[i]
        self.dynamic_start = choose_active_start(self.ema_scores, c.dyn_relevance_threshold, self.min_active, self.budget)
        self.events.append({
            "step": step, "probe": True, "freeze_enabled": self.freeze_enabled,
            "probe_loss": finite_or_none(loss), "best_probe_loss": finite_or_none(self.best_probe_loss),
            "probe_loss_ema_prev": finite_or_none(ema_prev), "probe_loss_ema": finite_or_none(self.probe_loss_ema),
            "active_budget": self.budget, "active_start_next": self.dynamic_start,
            "active_layers_next": c.n_layers - self.dynamic_start,
            "ema_scores": [finite_or_none(s) for s in self.ema_scores],
        })

    def is_probe_step(self, step):
        c = self.c
        return (
            step < c.dyn_warmup_steps
            or (c.dyn_probe_every > 0 and step % c.dyn_probe_every == 0)
            or (c.dyn_refresh_every > 0 and step % c.dyn_refresh_every == 0)
        )

    def open_freeze_gate_if_ready(self, step, elapsed_ms, losses):
        c = self.c
        if self.progress[0] == "time":
            reached = elapsed_ms >= c.dyn_freeze_start_frac * self.progress[1]
        elif c.dyn_freeze_start_step >= 0:
            reached = step >= c.dyn_freeze_start_step
        else:
            reached = step >= round_half_even(c.dyn_freeze_start_frac * self.progress[1])
        if not reached:
            return
        outcome = stability_test(losses, c.dyn_stability_window, c.dyn_stability_rel_change, c.dyn_stability_cv)
        if c.dyn_require_stable and not (outcome is not None and outcome["stable"]):
            return
        self.freeze_enabled = True
        figures = outcome or {}
        self.events.append({
            "step": step, "freeze_enabled": True,
            "freeze_trigger": {
                "reached_start": True, "stable_ok": bool(outcome and outcome["stable"]),
                "prev_mean": figures.get("prev_mean"), "curr_mean": figures.get("curr_mean"),
                "rel_change": figures.get("rel_change"), "cv": figures.get("cv"),
                "window": c.dyn_stability_window,
            },
        })

    def final_recovery_progress(self, step, elapsed_ms):
        frac = self.c.dyn_final_full_frac
        if not frac > 0:
            return None
        if self.progress[0] == "time":
            budget = self.progress[1]
            start = (1 - frac) * budget
            if not elapsed_ms >= start:
                return None
            return min(max((elapsed_ms - start) / (frac * budget), 0.0), 1.0)
        limit = self.progress[1]
        start = int((1 - frac) * limit)
        if step < start:
            return None
        span = max(limit - start, 1)
        return min(max((step - start) / span, 0.0), 1.0)


# ----------------------------------------------------------------------------- step kinds

INT_MAX = 2 ** 63 - 1  # Swift's Int: a larger k is no step kind there either


def is_step_kind(name):
    """`probe` or `active_<k>` (k ≥ 1, no sign or leading zero): StepKind(name:) of
    Sources/Vocabulary/Calibration/StepKind.swift."""
    if name == "probe":
        return True
    digits = name[len("active_"):] if name.startswith("active_") else ""
    return digits.isascii() and digits.isdigit() and digits[0] != "0" and int(digits) <= INT_MAX


def step_kind_order(name):
    """Calibration order: active_1…active_N by k, then probe."""
    return (1, 0) if name == "probe" else (0, int(name[len("active_"):]))


def step_kinds_all(n_layers):
    """Every kind of an n_layers-block model, in calibration order (StepKind.all)."""
    return ["active_%d" % k for k in range(1, max(n_layers, 1) + 1)] + ["probe"]


def parse_kinds(text, n_layers):
    """`calibrate --kinds LIST`, checked as CalibrateCommandLine.swift and CalibrateCommand.swift
    check it; the named kinds plus the full step (the unit of every ratio), in calibration order."""
    names = [name.strip(" \t") for name in text.split(",")]
    bad = next((name for name in names if not is_step_kind(name)), None)
    if bad is not None:
        raise UsageError("--kinds: '%s' is not a step kind (active_<k> for k ≥ 1, or probe)" % bad)
    beyond = next((name for name in names if name != "probe" and step_kind_order(name)[1] > n_layers), None)
    if beyond is not None:
        raise UsageError("--kinds: %s needs more blocks than --n-layers %d (kinds active_1…active_%d, probe)"
                         % (beyond, n_layers, n_layers))
    wanted = set(names) | {"active_%d" % n_layers}
    return [name for name in step_kinds_all(n_layers) if name in wanted]


def step_kinds_taken(schedules, c):
    """Every step kind runs of `schedules` with settings `c` may take, in calibration order: what a
    calibration must measure to price them. A port, rule for rule, of StepKind.taken
    (Sources/Vocabulary/Calibration/StepKind+Schedules.swift); change both together."""
    n = max(c.n_layers, 1)
    floor = min(max(c.dyn_min_active_layers, 1), n)  # BenchConfig.dynMinActiveCount
    cap = n if c.dyn_max_active_layers <= 0 else min(max(c.dyn_max_active_layers, 1), n)
    cap = max(cap, floor)  # BenchConfig.dynMaxActiveCount
    counts = {n}
    probes = False
    for schedule in schedules:
        if schedule == "static_suffix":
            counts.add(min(max(c.static_active_layers, 1), n))
        elif schedule == "dynamic_suffix":
            # Full steps before the freeze gate and in a full recovery; probes; between them the
            # active count stays within floor…cap (the controller, the adaptive budget).
            probes = True
            counts.update(range(floor, cap + 1))
            # A staged recovery trains max(current, stage layers), kept within floor…n_layers.
            if c.dyn_final_full_frac > 0 and c.dyn_final_recovery_mode == "staged":
                counts.update(range(floor, n + 1))
    return ["active_%d" % k for k in sorted(counts)] + (["probe"] if probes else [])


# ----------------------------------------------------------------------------- model


class Bench:
    """The model, its data and one training step, in torch."""

    def __init__(self, c, torch, device, threads):
        self.torch = torch
        self.c = c
        self.device = device
        # float32 and bfloat16: weights, activations and AdamW moments in that type. float16 cannot
        # hold them (AdamW's eps 1e-8 and the gradients of this loss underflow), so it runs as
        # PyTorch's mixed precision: float32 weights, float16 matmuls under autocast, and dynamic
        # loss scaling (GradScaler).
        self.mixed = c.dtype == "float16"
        self.dtype = {"float32": torch.float32, "float16": torch.float32, "bfloat16": torch.bfloat16}[c.dtype]
        self.hidden = c.dmodel * c.hidden_mult
        self.rows = c.batch_size * c.seq_len
        if threads is not None:
            torch.set_num_threads(threads)
        self.threads = torch.get_num_threads()

    # The model: block i maps x to x + W2ᵢ·relu(W1ᵢ·rms(x))², the head to H·rms(x).
    def rms(self, x):
        return x * self.torch.rsqrt(x.pow(2).mean(dim=-1, keepdim=True) + RMS_EPS)

    def forward(self, weights, x, active_start):
        with self.torch.autocast(self.device.type, dtype=self.torch.float16, enabled=self.mixed):
            return self.forward_blocks(weights, x, active_start)

    def forward_blocks(self, weights, x, active_start):
        torch = self.torch
        n = self.c.n_layers
        with torch.no_grad():  # the frozen prefix keeps nothing for backward
            for i in range(active_start):
                x = x + torch.relu(self.rms(x) @ weights[2 * i].t()).square() @ weights[2 * i + 1].t()
        for i in range(active_start, n):
            x = x + torch.relu(self.rms(x) @ weights[2 * i].t()).square() @ weights[2 * i + 1].t()
        return self.rms(x) @ weights[2 * n].t()

    def loss(self, y, target):
        # In float32 whatever the dtype, so that a bf16 run's loss is not rounded to 3 digits.
        return (y.float() - target.float()).pow(2).mean()

    def linear_init(self, gen, out_features, in_features):
        bound = 1 / math.sqrt(in_features)
        w = torch_uniform(self.torch, gen, (out_features, in_features), self.device)
        return (w * 2 - 1) * bound

    def new_models(self):
        """Teacher drawn first, the student = teacher + teacher_noise·N(0, 1) (float32, then cast)."""
        torch = self.torch
        c = self.c
        gen = torch.Generator(device=self.device)
        gen.manual_seed(c.seed)
        teacher = []
        for _ in range(c.n_layers):
            teacher.append(self.linear_init(gen, self.hidden, c.dmodel))
            teacher.append(self.linear_init(gen, c.dmodel, self.hidden))
        teacher.append(self.linear_init(gen, c.dmodel, c.dmodel))
        student = [w + c.teacher_noise * torch.randn(w.shape, generator=gen, device=self.device) for w in teacher]
        return [w.to(self.dtype) for w in teacher], [w.to(self.dtype) for w in student]

    def batch_source(self, teacher, stream):
        """Batches x ~ N(0, 1) with targets teacher(x), from their own seeded stream, so every
        schedule sees the same sequence."""
        torch = self.torch
        gen = torch.Generator(device=self.device)
        gen.manual_seed(self.c.seed * 1000003 + stream)

        def draw():
            x = torch.randn((self.rows, self.c.dmodel), generator=gen, device=self.device).to(self.dtype)
            with torch.no_grad():
                return x, self.forward(teacher, x, self.c.n_layers)

        def skip(count):
            """Past `count` batches without their targets: a forked run draws exactly the numbers
            its inherited steps would have drawn."""
            for _ in range(count):
                torch.randn((self.rows, self.c.dmodel), generator=gen, device=self.device)

        return draw, skip

    def trainer(self, student):
        return Trainer(self, [w.clone() for w in student])

    @property
    def accumulation(self):
        return self.torch.float64 if self.device.type == "cpu" else self.torch.float32

    def relevance_scores(self, stats, metric, eps):
        """Each block's relevance from its statistics (Trainer.relevance_statistics): a run's own
        probe and a forked run replaying its source's record both compute it here, from the same
        numbers in the same type on the same device, so the two agree to the bit."""
        if metric == "grad_ratio":
            return (stats[:, 0].sqrt() / (stats[:, 1].sqrt() + eps)).tolist()
        return stats[:, 2].tolist()

    def scores_from_record(self, blocks, metric, eps):
        """relevance_scores of a fork record's statistics, None when it lacks what `metric` reads."""
        n = self.c.n_layers
        if blocks is None or len(blocks) != n or any(len(b) != 3 for b in blocks):
            return None
        if any(not math.isfinite(b[k]) for b in blocks for k in STATISTICS_OF[metric]):
            return None
        stats = self.torch.tensor(blocks, dtype=self.accumulation, device=self.device)
        return self.relevance_scores(stats, metric, eps)

    def sync(self):
        if self.device.type == "cuda":
            self.torch.cuda.synchronize()


class Batches:
    """A run's training batches: `next(step)`, and `skip(count)` past a forked run's inherited steps."""

    def __init__(self, next_batch, skip):
        self.next = next_batch
        self.skip = skip


def torch_uniform(torch, gen, shape, device):
    return torch.rand(shape, generator=gen, device=device)


class Trainer:
    """One student and its AdamW (torch.optim.AdamW: a tensor without a gradient is skipped,
    its step count does not advance, as docs/benchmark.md asks)."""

    def __init__(self, bench, weights):
        torch = bench.torch
        self.bench = bench
        self.weights = [w.requires_grad_(True) for w in weights]
        c = bench.c
        options = {"lr": c.lr, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": c.weight_decay}
        if bench.device.type == "cuda":
            options["fused"] = True
        else:
            options["foreach"] = False
        self.optimizer = torch.optim.AdamW(self.weights, **options)
        # Only float16 scales the loss; a step whose scaled gradients overflow updates nothing.
        self.scaler = torch.amp.GradScaler(bench.device.type, enabled=bench.mixed)

    def step(self, x, target, active_start, metric=None, eps=1e-8, record=False):
        """One optimizer step; returns the loss tensor, for a probe each block's relevance, and
        with `record` every block's relevance statistics for fork dependents (relevance_statistics)
        and the milliseconds that bookkeeping took, which are not the step's own."""
        torch = self.bench.torch
        for w in self.weights:
            w.grad = None
        y = self.bench.forward(self.weights, x, active_start)
        loss = self.bench.loss(y, target)
        self.scaler.scale(loss).backward()
        scores = stats = None
        bookkeeping_ms = 0.0
        if metric is not None or record:
            self.scaler.unscale_(self.optimizer)  # relevance reads the true gradients
        if metric is not None:
            scores = self.bench.relevance_scores(self.relevance_statistics(STATISTICS_OF[metric]), metric, eps)
        if record:
            self.bench.sync()
            began = time.perf_counter()
            stats = self.relevance_statistics(ALL_STATISTICS)
            self.bench.sync()
            bookkeeping_ms = (time.perf_counter() - began) * 1e3
        self.scaler.step(self.optimizer)
        self.scaler.update()
        return loss, scores, stats, bookkeeping_ms

    def relevance_statistics(self, which):
        """Per block, from this step's gradients and the weights before the update, over both
        matrices: Σg², Σw², Σ|g·w| (those in `which`, NaN for the others), one row per block.
        Accumulated in float64 on the CPU (as the engine does), float32 on a GPU."""
        torch = self.bench.torch
        acc = self.bench.accumulation
        nan = torch.tensor(float("nan"), dtype=acc, device=self.bench.device)
        rows = []
        for i in range(self.bench.c.n_layers):
            pairs = [(self.weights[2 * i].grad, self.weights[2 * i].detach()),
                     (self.weights[2 * i + 1].grad, self.weights[2 * i + 1].detach())]
            gg = sum(torch.linalg.vector_norm(g, dtype=acc).square() for g, _ in pairs) if 0 in which else nan
            ww = sum(torch.linalg.vector_norm(w, dtype=acc).square() for _, w in pairs) if 1 in which else nan
            ap = sum((g.to(acc) * w.to(acc)).abs().sum() for g, w in pairs) if 2 in which else nan
            rows.append(torch.stack([gg, ww, ap]))
        return torch.stack(rows)

    def evaluate(self, x, target):
        with self.bench.torch.no_grad():
            return float(self.bench.loss(self.bench.forward(self.weights, x, self.bench.c.n_layers), target))


def timed_step(bench, trainer, x, target, active_start, metric, eps, record=False):
    """A step's time: from just before the forward pass to just after the optimizer update,
    less the bookkeeping of `record`. On a GPU the queue is drained before and after, so the
    time is the step's own. Returns the loss, the probe's scores, the recorded statistics, the ms."""
    bench.sync()
    began = time.perf_counter()
    loss, scores, stats, bookkeeping_ms = trainer.step(x, target, active_start, metric, eps, record)
    bench.sync()
    ms = (time.perf_counter() - began) * 1e3 - bookkeeping_ms
    return float(loss.detach()), scores, (stats.tolist() if stats is not None else None), ms


# ----------------------------------------------------------------------------- inputs from the engine


def read_inputs(path, c, torch, device, dtype):
    """The engine's export (docs/benchmark.md, "Exported inputs"): manifest.json plus three
    little-endian float32 files."""
    try:
        with open(os.path.join(path, "manifest.json")) as f:
            manifest = json.load(f)
    except (OSError, ValueError) as error:
        raise UsageError("--import-inputs %s: cannot read manifest.json (%s)" % (path, error))
    if manifest.get("kind") != INPUTS_KIND or manifest.get("version") != 1:
        raise UsageError("--import-inputs %s: manifest.json is not a %s version 1 file" % (path, INPUTS_KIND))
    hidden = c.dmodel * c.hidden_mult
    rows = c.batch_size * c.seq_len
    for key, ours in (("dmodel", c.dmodel), ("hidden", hidden), ("n_layers", c.n_layers), ("rows", rows),
                      ("val_batches", c.val_batches), ("seed", c.seed)):
        if manifest.get(key) != ours:
            raise UsageError("--import-inputs %s: exported with %s = %s, this run has %s"
                             % (path, key, manifest.get(key), ours))

    def load(name, count):
        file = os.path.join(path, name)
        try:
            size = os.path.getsize(file)
        except OSError as error:
            raise UsageError("--import-inputs %s: %s" % (path, error))
        if size != 4 * count:
            raise UsageError("--import-inputs %s: %s holds %d bytes, expected %d" % (path, name, size, 4 * count))
        data = torch.from_file(file, shared=False, size=count, dtype=torch.float32)
        return data.to(device)

    weights = []
    flat = load("student.f32", c.n_layers * 2 * hidden * c.dmodel + c.dmodel * c.dmodel)
    offset = 0
    for shape in [(hidden, c.dmodel), (c.dmodel, hidden)] * c.n_layers + [(c.dmodel, c.dmodel)]:
        size = shape[0] * shape[1]
        weights.append(flat[offset:offset + size].view(shape).clone().to(dtype))
        offset += size
    batch = rows * c.dmodel

    def batches(name, count):
        data = load(name, count * 2 * batch)
        return [(data[(2 * k) * batch:(2 * k + 1) * batch].view(rows, c.dmodel).to(dtype),
                 data[(2 * k + 1) * batch:(2 * k + 2) * batch].view(rows, c.dmodel).to(dtype))
                for k in range(count)]

    train_count = manifest.get("train_batches", 0)
    return weights, batches("validation.f32", c.val_batches), batches("training.f32", train_count)


# ----------------------------------------------------------------------------- files


def write_atomically(path, text):
    folder = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.replace(temporary, path)


def check_writable(path, what):
    folder = os.path.dirname(os.path.abspath(path)) or "."
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as error:
        raise OSError("%s %s: cannot create its folder (%s)" % (what, path, error))
    if not os.access(folder, os.W_OK):
        raise OSError("%s %s: the folder is not writable" % (what, path))


def load_baseline(path, c):
    """--baseline-json: full_update's row from a result of the same settings and seed."""
    try:
        with open(path) as f:
            report = json.load(f)
    except (OSError, ValueError) as error:
        raise UsageError("--baseline-json %s: not a benchmark result JSON (%s)" % (path, error))
    full = next((r for r in report.get("results", []) if r.get("schedule") == "full_update"), None)
    if full is None or full.get("elapsed_ms") is None:
        raise UsageError("--baseline-json %s: holds no full_update result with elapsed_ms" % path)
    theirs = report.get("config", {})
    defaults = {name: default for name, _, default, _ in PARAMETERS}
    for name in full_update_settings():  # only the settings full_update depends on are compared
        value = theirs.get(name, defaults[name])
        if value != getattr(c, name):
            raise UsageError("--baseline-json %s: baseline was run with %s = %s, this run has %s"
                             % (path, name, value, getattr(c, name)))
    return full


def load_calibration(path, c, threads, device_type, schedules):
    """--calibration: the step costs of `calibrate`, checked against this run of `schedules`."""
    try:
        with open(path) as f:
            record = json.load(f)
    except (OSError, ValueError) as error:
        raise UsageError("--calibration %s: not a calibration file (%s)" % (path, error))
    if record.get("kind") != CALIBRATION_KIND or record.get("version") != 1:
        raise UsageError("--calibration %s: not a %s version 1 file" % (path, CALIBRATION_KIND))
    model = record.get("model", {})
    for name in ("dmodel", "n_layers", "hidden_mult", "batch_size", "seq_len", "dtype"):
        if model.get(name) != getattr(c, name):
            raise UsageError("--calibration %s: calibrated for %s = %s, this run has %s"
                             % (path, name, model.get(name), getattr(c, name)))
    if record.get("threads") != threads:
        raise UsageError("--calibration %s: calibrated for threads = %s, this run has %s"
                         % (path, record.get("threads"), threads))
    if record.get("device") != device_type:
        raise UsageError("--calibration %s: calibrated on %s, this run is on %s" % (path, record.get("device"), device_type))
    # CalibrationRecord.mismatch and .uncalibratedKinds (BlockBench/Calibration/CalibrationRecord.swift).
    active, relative, kinds = record.get("active_step_ms"), record.get("relative"), record.get("kinds")
    if not isinstance(active, list) or not isinstance(relative, list) or not (
            kinds is None or isinstance(kinds, list) and all(isinstance(k, str) for k in kinds)):
        raise UsageError("--calibration %s: not a calibration file (active_step_ms and relative must be "
                         "lists, kinds a list of names)" % path)
    if len(active) != c.n_layers or len(relative) != c.n_layers + 1:
        raise UsageError("--calibration %s: holds %d active-step costs for n_layers = %d" % (path, len(active), c.n_layers))
    probe = record.get("probe_step_ms")
    # A file without `kinds` (from before `calibrate --kinds`) measured every kind.
    measured = [k for k in kinds if is_step_kind(k)] if kinds is not None else step_kinds_all(c.n_layers)

    def cost_of(kind):
        return probe if kind == "probe" else active[min(step_kind_order(kind)[1], len(active)) - 1]

    def positive(v):
        return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and v > 0

    if not all(positive(cost_of(k)) for k in measured):
        raise UsageError("--calibration %s: holds a calibrated step cost that is not a positive number" % path)
    needed = step_kinds_taken(schedules, c)
    missing = [k for k in needed if k not in measured]
    if missing:
        # A cost is never guessed: the run is refused, naming the calibration that would do.
        raise UsageError("--calibration %s: does not price step kind%s %s that this run can take (it measured %s); "
                         "calibrate with --kinds %s" % (path, "" if len(missing) == 1 else "s", ", ".join(missing),
                                                       ", ".join(measured), ",".join(needed)))
    if not record.get("converged", False):
        eprint("note: --calibration %s: the calibration stopped at its cap without converging; used as it is" % path)
    # Each kind's relative half-width, laid out as the costs (ModelledClock.halfwidths); None when
    # not known, and then no run reports an uncertainty.
    widths = record.get("relative_halfwidth")
    halfwidths = None
    if isinstance(widths, list) and len(widths) == c.n_layers + 1:
        halfwidths = (widths[:c.n_layers], widths[c.n_layers])
    return active, probe, halfwidths


def calibration_digest(path):
    """CalibrationFormat.digest: 64-bit FNV-1a of the file's bytes, 16 hex digits. Every result a
    calibration priced records it (config.calibration_digest): one price per folder."""
    value = 0xCBF29CE484222325
    with open(path, "rb") as f:
        for byte in f.read():
            value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % value


# ----------------------------------------------------------------------------- prefix forking
# docs/benchmark.md, "Prefix forking": the same files and meaning as `blocksweep bench`'s
# (Sources/blocksweep/BenchForking.swift, ForkFolder.swift; Sources/BlockBench/Run/ForkShadows.swift,
# BenchRun+Fork.swift). The record is the engine's ForkRecord JSON plus a `torch` entry naming
# what the numbers depend on; the snapshots are this runner's own (torch.save) files.

# The same names as Sources/Vocabulary/Fork/ForkFiles.swift (the executor reads and deletes them).
FORK_PLAN_FILE = "fork-plan.json"
FORK_RECORD_FILE = "record.json"
FORK_RECORD_KIND = "blocksweep-fork-record"
SNAPSHOT_KIND = "blocksweep-torch-snapshot"


def snapshot_file(step):
    return "step-%d.snapshot" % step


def full_update_settings():
    """The settings a full_update run depends on: what a baseline and the runs that lean on it
    (--baseline-json, prefix forking) must share."""
    return [name for name, _, _, _ in PARAMETERS
            if name not in ("device", "equal_time_budget", "max_steps_multiplier", "static_active_layers")
            and not name.startswith("dyn_")]


def json_number(v):
    """Exact JSON text for a float; non-finite ones as strings, as ForkRecord writes them."""
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def read_number(v):
    if isinstance(v, str) and v in ("nan", "inf", "-inf"):
        return float(v)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    raise ValueError("not a number: %r" % (v,))


def steps_limit(c, budget_ms):
    """`steps`, or under an equal-time budget up to max(steps, round(steps × max_steps_multiplier))."""
    return c.steps if budget_ms is None else max(c.steps, round_half_even(c.steps * c.max_steps_multiplier))


def new_controller(c, budget_ms, limit):
    return DynamicSuffixController(c, ("time", budget_ms) if budget_ms is not None else ("steps", limit))


def calibrated_halfwidth(costs, n, active_layers, probe):
    """A step kind's relative half-width from the calibration, or None when not known."""
    if costs is None or len(costs) < 3 or costs[2] is None:
        return None
    width = costs[2][1] if probe else costs[2][0][min(max(active_layers, 1), n) - 1]
    return width if isinstance(width, (int, float)) and math.isfinite(width) else None


def budget_loss_halfwidth(losses, halfwidth):
    """BenchRun.budgetLossHalfwidth: the steps the budget could buy more or fewer (halfwidth ×
    steps) times the train loss's least-squares slope over the last fifth of the run."""
    tail = [v for v in losses[-max(10, len(losses) // 5):] if v is not None and math.isfinite(v)]
    if len(tail) < 3:
        return None
    n = len(tail)
    mean_x, mean_y = (n - 1) / 2, sum(tail) / n
    sxy = sum((i - mean_x) * (y - mean_y) for i, y in enumerate(tail))
    sxx = sum((i - mean_x) ** 2 for i in range(n))
    return abs(sxy / sxx) * halfwidth * len(losses)


def calibrated_cost(costs, n, active_layers, probe):
    """A step's calibrated cost. load_calibration refuses a file without every kind the run can
    take (step_kinds_taken): a missing one here means that rule missed a kind."""
    cost = costs[1] if probe else costs[0][min(max(active_layers, 1), n) - 1]
    if cost is None:
        raise RuntimeError("step kind %s has no calibrated cost" % ("probe" if probe else "active_%d" % active_layers))
    return cost


class StepLog:
    """A run's per-step figures so far: measured time, loss, active layers, modelled cost."""

    def __init__(self):
        self.times, self.losses, self.active, self.modelled_times = [], [], [], []
        self.elapsed = 0.0
        self.modelled = 0.0
        self.modelled_spread = 0.0  # Σ cost × its kind's half-width; None once one is unknown

    def append(self, ms, loss, active, cost, halfwidth=None):
        self.times.append(ms)
        self.losses.append(loss)
        self.active.append(active)
        self.elapsed += ms
        if cost is not None:
            self.modelled += cost
            self.modelled_times.append(cost)
            self.modelled_spread = None if halfwidth is None or self.modelled_spread is None \
                else self.modelled_spread + halfwidth * cost


def setting_value(kind, value):
    """A fork plan's setting as the flag's type, or None when it is not one (ParameterValue JSON)."""
    if kind is bool:
        return value if isinstance(value, bool) else None
    if isinstance(value, bool):
        return None
    if kind is int:
        return value if isinstance(value, int) else None
    if kind is float:
        return float(value) if isinstance(value, (int, float)) else None
    return value if isinstance(value, str) else None


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


def torch_identity(torch, bench):
    """What a run's numbers depend on beyond its settings: a forked run takes another's state
    only where this is the same."""
    device = bench.device.type
    return {"version": torch.__version__, "device": device,
            "device_name": torch.cuda.get_device_name(0) if device == "cuda" else cpu_model(),
            "deterministic": torch.are_deterministic_algorithms_enabled()}


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


# ----------------------------------------------------------------------------- the run


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


def train(bench, schedule, trainer, batches, budget_ms, costs, modelled_budget, forking=None):
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


def resolve_device(torch, name):
    if name == "cuda" and not torch.cuda.is_available():
        raise UsageError("--device cuda: torch %s sees no CUDA GPU" % torch.__version__)
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    return torch.device(name)


def system_info(torch, bench):
    info = {
        "cuda_available": torch.cuda.is_available(),
        "cuda_device_name": torch.cuda.get_device_name(0) if bench.device.type == "cuda" else None,
        "torch_version": torch.__version__,
        "engine": "blocksweep torch runner (PyTorch %s)" % torch.__version__,
    }
    if torch.are_deterministic_algorithms_enabled():
        info["deterministic_algorithms"] = True  # --deterministic or a fork flag
    if bench.device.type == "cpu":
        info["blas_threads"] = bench.threads
        info["cpu_model"] = cpu_model()
    return info


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


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
                              costs is not None and modelled_budget, forking)
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


def main(argv):
    mode = "bench"
    if argv and argv[0] in ("bench", "calibrate"):
        mode, argv = argv[0], argv[1:]
    try:
        args = build_parser(mode).parse_args(argv)
        validate(args)
        kinds = calibrate_kinds(args) if mode == "calibrate" else None
        # Prefix forking on a GPU: the forked run and the run from step 0 must take the same
        # kernels to the bit (docs/benchmark.md, "Prefix forking"); cuBLAS reads this at its start.
        deterministic = bool(args.deterministic or getattr(args, "fork_dir", None) or getattr(args, "fork_from", None))
        if deterministic:
            os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
        try:
            import torch
        except ImportError as error:
            eprint("error: %s cannot import torch (%s): run tools/setup-torch.sh, or point BLOCKSWEEP_PYTHON "
                   "at an interpreter that has torch" % (sys.executable, error))
            return 3
        if deterministic:
            torch.use_deterministic_algorithms(True)
        if mode == "calibrate":
            run_calibrate(args, torch, kinds)
        else:
            run_bench(args, torch)
    except UsageError as error:
        eprint("error: %s" % error)
        return 2
    except OSError as error:
        eprint("error: %s" % error)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
