"""Step kinds (`active_<k>`, `probe`): the names `calibrate --kinds` reads, their calibration
order, and which kinds a run can take (Sources/Vocabulary/Calibration/StepKind*.swift)."""

from blocksweep_torch.parameters import UsageError


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
