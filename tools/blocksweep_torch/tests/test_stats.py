import math

import pytest

from blocksweep_torch.stats import (
    budget_loss_halfwidth, finite_or_none, round_half_even, step_statistics, t_cdf, t_quantile,
)


@pytest.mark.parametrize("x, rounded", [(0.5, 0), (1.5, 2), (2.5, 2), (3.5, 4), (-0.5, 0), (-1.5, -2), (2.4, 2)])
def test_rounding_is_half_to_even_as_swifts(x, rounded):
    assert round_half_even(x) == rounded


# Two-sided 95% critical values (tables to 4 decimals; Tests/SweepKitTests/ReportStatisticsTests.swift).
@pytest.mark.parametrize("df, value", [
    (1, 12.7062), (2, 4.3027), (3, 3.1824), (4, 2.7764), (5, 2.5706), (9, 2.2622), (10, 2.2281), (30, 2.0423),
    (120, 1.9799), (100000, 1.9600),
])
def test_t_quantiles_match_the_table(df, value):
    assert abs(t_quantile(0.975, df) - value) < 5e-5


@pytest.mark.parametrize("q", [0.6, 0.75, 0.9, 0.975, 0.995, 0.9999])
def test_t_quantiles_match_the_closed_forms_of_one_and_two_degrees_of_freedom(q):
    assert t_quantile(q, 1) == pytest.approx(math.tan(math.pi * (q - 0.5)), rel=1e-12)
    assert t_quantile(q, 2) == pytest.approx((2 * q - 1) / math.sqrt(2 * q * (1 - q)), rel=1e-12)


def test_t_is_symmetric_and_its_cdf_inverts_the_quantile():
    assert t_quantile(0.5, 7) == 0.0
    assert t_quantile(0.025, 7) == -t_quantile(0.975, 7)
    assert t_cdf(0.0, 7) == 0.5
    for df in (1, 3, 12):
        for q in (0.1, 0.8, 0.99):
            assert t_cdf(t_quantile(q, df), df) == pytest.approx(q, abs=1e-13)


def test_step_statistics_leave_out_the_warmup_unless_nothing_would_remain():
    times = [100.0, 50.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    assert step_statistics(times, 2) == (3.0, 3.0, 5.0)
    assert step_statistics([9.0, 1.0], 5) == (5.0, 1.0, 9.0)  # all kept: fewer steps than ignored
    assert all(math.isnan(v) for v in step_statistics([], 0))


def test_percentiles_pick_by_rounded_rank():
    times = [float(v) for v in range(1, 11)]
    # ranks round((n - 1) q) = round(4.5) = 4 (even) and round(8.1) = 8
    assert step_statistics(times, 0)[1:] == (5.0, 9.0)


def test_finite_or_none():
    assert finite_or_none(None) is None
    assert finite_or_none(float("nan")) is None and finite_or_none(float("inf")) is None
    assert finite_or_none(1.5) == 1.5


def test_the_budget_loss_halfwidth_is_slope_times_steps_times_halfwidth():
    losses = [2.0 - 0.01 * i for i in range(100)]  # slope −0.01 over the last fifth (20 steps)
    assert budget_loss_halfwidth(losses, 0.02) == pytest.approx(0.01 * 0.02 * 100, rel=1e-9)
    assert budget_loss_halfwidth(losses[:5], 0.02) == pytest.approx(0.01 * 0.02 * 5, rel=1e-9)
    assert budget_loss_halfwidth([1.0, None, float("nan")], 0.1) is None  # fewer than 3 finite
