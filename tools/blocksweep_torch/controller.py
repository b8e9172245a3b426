"""The dynamic_suffix controller (docs/benchmark.md, "dynamic_suffix"): a port of
Sources/Vocabulary/Schedules/*.swift decision by decision (same comparisons, same order), so
that from the same losses and relevance both engines take the same steps.
Tests/BlockBenchTests/ControllerDifferentialTests.swift checks that they do (through
controller_replay.py), tools/crosscheck-torch.sh through whole runs."""

import math

from blocksweep_torch.stats import finite_or_none, round_half_even


def fold_sum(values):
    """Σ values added left to right, as the engine's reduce(0, +) adds them. Not sum(): from
    Python 3.12 it compensates the rounding of floats, which moves a mean or a total by an ulp
    and can flip a comparison the engine makes the other way (a stability gate on cv 0)."""
    total = 0.0
    for v in values:
        total += v
    return total


def choose_active_start(scores, threshold, min_active, max_active):
    """Schedules/SuffixChoice.swift."""
    n = len(scores)
    lo = min(max(min_active, 1), n)
    hi = max(n if max_active <= 0 else min(max(max_active, 1), n), lo)
    total = fold_sum(scores)
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
    prev_mean = fold_sum(prev) / w
    curr_mean = fold_sum(curr) / w
    variance = fold_sum((x - curr_mean) * (x - curr_mean) for x in curr) / w
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


def steps_limit(c, budget_ms):
    """`steps`, or under an equal-time budget up to max(steps, round(steps × max_steps_multiplier))."""
    return c.steps if budget_ms is None else max(c.steps, round_half_even(c.steps * c.max_steps_multiplier))


def new_controller(c, budget_ms, limit):
    return DynamicSuffixController(c, ("time", budget_ms) if budget_ms is not None else ("steps", limit))
