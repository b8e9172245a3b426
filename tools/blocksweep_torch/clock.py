"""The modelled clock: a step's calibrated cost and half-width, and a run's step log (measured
and modelled time), as Sources/BlockBench/Run/ModelledClock.swift keeps them."""

import math


def calibrated_halfwidth(costs, n, active_layers, probe):
    """A step kind's relative half-width from the calibration, or None when not known."""
    if costs is None or len(costs) < 3 or costs[2] is None:
        return None
    width = costs[2][1] if probe else costs[2][0][min(max(active_layers, 1), n) - 1]
    return width if isinstance(width, (int, float)) and math.isfinite(width) else None


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
