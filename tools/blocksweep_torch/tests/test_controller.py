import pytest

from blocksweep_torch.controller import (
    DynamicSuffixController, FinalRecovery, choose_active_start, fold_sum, new_controller, stability_test,
    steps_limit,
)
from blocksweep_torch.tests.support import config


# ----------------------------------------------------------------------------- choose_active_start

@pytest.mark.parametrize("scores, threshold, lo, hi, start", [
    ([1, 1, 1, 1], 0.5, 1, 0, 2),  # the top two blocks hold half
    ([1, 1, 1, 1], 0.51, 1, 0, 1),
    ([1, 1, 1, 1], 1.0, 1, 0, 0),
    ([5, 0, 0, 1], 0.5, 1, 0, 0),  # the relevance sits at the bottom: every block
    ([5, 0, 0, 1], 0.5, 1, 2, 2),  # ... but the cap is 2
    ([0, 0, 0, 9], 0.9, 3, 0, 1),  # one block would do, the floor is 3
    ([0, 0, 0, 0], 0.5, 1, 3, 1),  # no relevance: the cap
    ([0, 0, 0, 0], 0.5, 1, 0, 0),  # ... and no cap: every block
    ([1, 1, 1, 1], 0.5, 9, 0, 0),  # a floor above n_layers: n_layers
    ([1, 1, 1, 1], 0.5, 3, 2, 1),  # a cap below the floor: the floor
    ([1, 2, 3, 4], 0.4, 0, -1, 3),  # floor 0 counts as 1, a negative cap as none
])
def test_the_shortest_top_suffix_that_covers_the_threshold_within_floor_and_cap(scores, threshold, lo, hi, start):
    assert choose_active_start([float(s) for s in scores], threshold, lo, hi) == start


# ----------------------------------------------------------------------------- stability_test

def test_the_stability_test_needs_two_windows():
    assert stability_test([1.0] * 5, 3, 0.1, 0.1) is None
    assert stability_test([1.0] * 6, 0, 0.1, 0.1) is None
    assert stability_test([1.0] * 6, 3, 0.0, 0.0)["stable"] is True


def test_the_stability_test_compares_the_last_window_with_the_one_before():
    outcome = stability_test([9.0, 2.0, 2.0, 2.0, 1.0, 1.0, 1.0], 3, 0.49, 1.0)
    assert (outcome["prev_mean"], outcome["curr_mean"], outcome["cv"]) == (2.0, 1.0, 0.0)
    assert outcome["rel_change"] == pytest.approx(0.5)
    assert outcome["stable"] is False  # a 50% drop
    assert stability_test([9.0, 2.0, 2.0, 2.0, 1.0, 1.0, 1.0], 3, 0.5, 1.0)["stable"] is True


def test_sums_add_left_to_right_as_the_engine_on_every_python():
    # sum() compensates float rounding from Python 3.12: 1.0 here, and a flat loss of 1.803 with
    # a cv of exactly 0, which opened a gate on dyn_stability_cv 0 that the engine keeps shut.
    assert fold_sum([0.1] * 10) == 0.9999999999999999
    outcome = stability_test([1.803] * 12, 6, 0.0, 0.0)
    assert outcome["cv"] == 1.2315285908203446e-16 and outcome["stable"] is False


def test_a_noisy_window_fails_on_its_coefficient_of_variation():
    losses = [1.0, 1.0, 0.9, 1.1, 0.9, 1.1]
    outcome = stability_test(losses, 2, 1.0, 0.05)
    assert outcome["cv"] == pytest.approx(0.1)
    assert outcome["stable"] is False


# ----------------------------------------------------------------------------- FinalRecovery

def test_a_full_recovery_trains_every_block():
    recovery = FinalRecovery(config(n_layers=8, dyn_final_recovery_mode="full"), 2)
    assert recovery.active_layers(0.0, 3) == (8, "full")


def test_a_staged_recovery_climbs_by_progress_and_never_trains_fewer_blocks_than_now():
    c = config(n_layers=8, dyn_final_recovery_mode="staged", dyn_final_recovery_stage1_layers=4,
               dyn_final_recovery_stage2_layers=6, dyn_final_recovery_stage1_progress=0.3,
               dyn_final_recovery_stage2_progress=0.6)
    recovery = FinalRecovery(c, 2)
    assert recovery.active_layers(0.0, 3) == (4, "stage1")
    assert recovery.active_layers(0.29, 5) == (5, "stage1")
    assert recovery.active_layers(0.3, 3) == (6, "stage2")
    assert recovery.active_layers(0.6, 3) == (8, "stage3_full")


def test_staged_recovery_layers_and_progress_are_clamped():
    c = config(n_layers=5, dyn_final_recovery_mode="staged", dyn_final_recovery_stage1_layers=9,
               dyn_final_recovery_stage2_layers=1, dyn_final_recovery_stage1_progress=0.7,
               dyn_final_recovery_stage2_progress=0.2)
    recovery = FinalRecovery(c, 2)
    assert (recovery.stage1_layers, recovery.stage2_layers) == (5, 5)
    assert (recovery.stage1_progress, recovery.stage2_progress) == (0.7, 0.7)


# ----------------------------------------------------------------------------- the controller

def drive(controller, losses, scores, elapsed=None):
    """The driver of controller_replay.py: a (start, probe) per step."""
    plans = []
    for step in range(len(losses)):
        start, probe = controller.plan(step, elapsed[step] if elapsed else 0.0, losses[:step])
        plans.append((start, probe))
        if probe:
            controller.record_probe(step, losses[step], scores)
    return plans


def small(**overrides):
    settings = dict(n_layers=6, dyn_warmup_steps=2, dyn_probe_every=4, dyn_refresh_every=0,
                    dyn_relevance_threshold=0.5, dyn_min_active_layers=1, dyn_freeze_start_step=3)
    settings.update(overrides)
    return config(**settings)


TOP_HEAVY = [0.0, 0.0, 0.0, 0.0, 1.0, 1.0]


def test_full_steps_until_the_freeze_then_the_chosen_suffix_with_full_probes():
    plans = drive(DynamicSuffixController(small(), ("steps", 10)), [1.0] * 10, TOP_HEAVY)
    assert plans == [(0, True), (0, True), (0, False), (5, False), (0, True), (5, False), (5, False), (5, False),
                     (0, True), (5, False)]


def test_the_freeze_start_by_fraction_rounds_half_to_even():
    # round(0.5 × 5) = 2, not 3.
    controller = DynamicSuffixController(small(dyn_freeze_start_step=-1, dyn_freeze_start_frac=0.5), ("steps", 5))
    starts = [start for start, _ in drive(controller, [1.0] * 5, TOP_HEAVY)]
    assert starts == [0, 0, 5, 5, 0]
    assert [e["step"] for e in controller.events if "freeze_trigger" in e] == [2]


def test_on_a_time_budget_the_gate_opens_on_elapsed_time():
    controller = DynamicSuffixController(small(dyn_freeze_start_frac=0.5), ("time", 100.0))
    elapsed = [0.0, 20.0, 40.0, 49.9, 50.0, 60.0]
    starts = [start for start, _ in drive(controller, [1.0] * 6, TOP_HEAVY, elapsed)]
    assert starts == [0, 0, 0, 0, 0, 5]  # step 4 opens the gate but probes


def test_a_stability_gated_freeze_waits_for_stable_loss():
    c = small(dyn_require_stable=True, dyn_stability_window=2, dyn_stability_rel_change=0.01, dyn_stability_cv=0.01)
    noisy = [1.0, 2.0, 1.0, 2.0, 1.0, 2.2, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5]
    controller = DynamicSuffixController(c, ("steps", 12))
    drive(controller, noisy, TOP_HEAVY)
    freezes = [e for e in controller.events if "freeze_trigger" in e]
    assert [e["step"] for e in freezes] == [10]  # the first step whose last 4 losses are flat
    assert freezes[0]["freeze_trigger"] == {"reached_start": True, "stable_ok": True, "prev_mean": 1.5,
                                            "curr_mean": 1.5, "rel_change": 0.0, "cv": 0.0, "window": 2}


def test_an_ungated_freeze_records_that_the_test_could_not_run():
    controller = DynamicSuffixController(small(dyn_stability_window=5), ("steps", 8))
    drive(controller, [1.0] * 8, TOP_HEAVY)
    trigger = next(e for e in controller.events if "freeze_trigger" in e)["freeze_trigger"]
    assert trigger["stable_ok"] is False and trigger["prev_mean"] is None and trigger["window"] == 5


def test_the_adaptive_budget_grows_on_rising_probe_loss_and_shrinks_on_falling():
    c = small(dyn_adapt_budget=True, dyn_max_active_layers=4, dyn_min_active_layers=2, dyn_budget_step_up=2,
              dyn_budget_step_down=1, dyn_loss_upper=1.03, dyn_loss_lower=0.995, dyn_relevance_threshold=1.0,
              dyn_warmup_steps=0, dyn_probe_every=1)
    controller = DynamicSuffixController(c, ("steps", 100))
    assert controller.budget == 4
    for step, loss in enumerate([1.0, 0.9, 0.8]):  # the first sets the EMA; two falls
        controller.record_probe(step, loss, [1.0] * 6)
    assert controller.budget == 2 and controller.dynamic_start == 4
    controller.record_probe(3, 0.8, [1.0] * 6)  # below the EMA (0.971) × 0.995: the floor holds
    assert controller.budget == 2
    controller.record_probe(4, 5.0, [1.0] * 6)  # far above: up by 2, to the cap
    assert controller.budget == 4 and controller.dynamic_start == 2
    assert [e["active_budget"] for e in controller.events] == [4, 3, 2, 2, 4]
    assert controller.probe_count == 5 and controller.best_probe_loss == 0.8


def test_without_adapt_budget_the_budget_stays_at_the_cap():
    controller = DynamicSuffixController(small(dyn_max_active_layers=3), ("steps", 10))
    for step, loss in enumerate([1.0, 0.5, 2.0]):
        controller.record_probe(step, loss, [1.0] * 6)
    assert controller.budget == 3


def test_the_probe_event_holds_the_ema_and_the_next_suffix():
    controller = DynamicSuffixController(small(dyn_ema_decay=0.5, dyn_loss_ema_decay=0.5), ("steps", 10))
    controller.record_probe(0, 2.0, TOP_HEAVY)
    controller.record_probe(1, 1.0, TOP_HEAVY)
    event = controller.events[-1]
    assert event == {"step": 1, "probe": True, "freeze_enabled": False, "probe_loss": 1.0, "best_probe_loss": 1.0,
                     "probe_loss_ema_prev": 2.0, "probe_loss_ema": 1.5, "active_budget": 6, "active_start_next": 5,
                     "active_layers_next": 1, "ema_scores": [0.0, 0.0, 0.0, 0.0, 0.75, 0.75]}


def test_the_final_recovery_by_steps_covers_the_last_fraction_and_does_not_probe():
    c = small(dyn_final_full_frac=0.25, dyn_final_recovery_mode="full", dyn_probe_every=1)
    controller = DynamicSuffixController(c, ("steps", 20))
    assert controller.final_recovery_progress(14, 0.0) is None
    assert controller.final_recovery_progress(15, 0.0) == 0.0
    assert controller.final_recovery_progress(19, 0.0) == 0.8
    plans = drive(controller, [1.0] * 20, TOP_HEAVY)
    assert plans[14] == (0, True) and plans[15:] == [(0, False)] * 5
    recoveries = [e for e in controller.events if "final_recovery_stage" in e]
    assert recoveries == [{"step": 15, "final_recovery_mode": "full", "final_recovery_stage": "full",
                           "final_recovery_progress": 0.0, "final_recovery_active_layers": 6}]


def test_the_final_recovery_by_time_reads_the_elapsed_fraction():
    controller = DynamicSuffixController(small(dyn_final_full_frac=0.2), ("time", 100.0))
    assert controller.final_recovery_progress(3, 79.9) is None
    assert controller.final_recovery_progress(3, 90.0) == pytest.approx(0.5)
    assert controller.final_recovery_progress(3, 150.0) == 1.0


def test_a_staged_recovery_event_each_time_the_stage_changes():
    c = small(dyn_final_full_frac=0.5, dyn_final_recovery_mode="staged", dyn_final_recovery_stage1_layers=2,
              dyn_final_recovery_stage2_layers=4, dyn_probe_every=0)
    controller = DynamicSuffixController(c, ("steps", 12))
    drive(controller, [1.0] * 12, TOP_HEAVY)
    stages = [(e["step"], e["final_recovery_stage"], e["final_recovery_active_layers"])
              for e in controller.events if "final_recovery_stage" in e]
    # Progress (s − 6) / 6 against the default stage starts 0.34 and 0.67: 2/6 and 4/6 fall short.
    assert stages == [(6, "stage1", 2), (9, "stage2", 4), (11, "stage3_full", 6)]


def test_probe_and_refresh_intervals_and_the_warmup_make_probe_steps():
    controller = DynamicSuffixController(small(dyn_warmup_steps=3, dyn_probe_every=5, dyn_refresh_every=7),
                                         ("steps", 30))
    assert [s for s in range(30) if controller.is_probe_step(s)] == [0, 1, 2, 5, 7, 10, 14, 15, 20, 21, 25, 28]
    off = DynamicSuffixController(small(dyn_warmup_steps=0, dyn_probe_every=0, dyn_refresh_every=0), ("steps", 30))
    assert not any(off.is_probe_step(s) for s in range(30))


def test_floor_and_cap_are_clamped_to_the_model():
    controller = DynamicSuffixController(small(dyn_min_active_layers=9, dyn_max_active_layers=2), ("steps", 5))
    assert (controller.min_active, controller.max_cap, controller.dynamic_start) == (6, 6, 0)


def test_steps_limit_and_the_controller_of_a_run():
    c = small(steps=10, max_steps_multiplier=2.25)
    assert steps_limit(c, None) == 10
    assert steps_limit(c, 500.0) == 22  # round(22.5) to even
    assert new_controller(c, None, 10).progress == ("steps", 10)
    assert new_controller(c, 500.0, 22).progress == ("time", 500.0)
