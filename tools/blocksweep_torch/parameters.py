"""The settings: the parameter table (the engine's Sources/Vocabulary/Parameters/BenchParameter+Table.swift),
the command line built from it, and the checks that refuse a setting the engine refuses.
Torch-free, as every module here but those that are handed torch as an argument."""

import argparse
import math
import sys

SCRIPT_NAME = "blocksweep_torch.py"
SCHEDULES = ["full_update", "static_suffix", "dynamic_suffix"]

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
CALIBRATE_FLAGS = {"dmodel", "n_layers", "hidden_mult", "batch_size", "seq_len", "dtype", "seed", "device"}


class UsageError(Exception):
    """Bad input: printed as `error: …`, exit status 2 (as `blocksweep bench`)."""


def flag(name):
    return "--" + name.replace("_", "-")


def eprint(text):
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


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
    if mode != "calibrate":
        parser.add_argument("--progress-out", dest="progress_out", default=None,
                            help="write one JSON line per step there, emptied first (default: $BLOCKSWEEP_PROGRESS)")
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


def full_update_settings():
    """The settings a full_update run depends on: what a baseline and the runs that lean on it
    (--baseline-json, prefix forking) must share."""
    return [name for name, _, _, _ in PARAMETERS
            if name not in ("device", "equal_time_budget", "max_steps_multiplier", "static_active_layers")
            and not name.startswith("dyn_")]


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
