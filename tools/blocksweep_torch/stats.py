"""Numbers: rounding as Swift rounds, step-time statistics, the Student t quantile (as
Sources/Vocabulary/Statistics/Statistics.swift), the modelled budget's loss half-width."""

import math


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
