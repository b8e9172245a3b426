import pytest

from blocksweep_torch.parameters import UsageError
from blocksweep_torch.step_kinds import is_step_kind, parse_kinds, step_kind_order, step_kinds_all, step_kinds_taken
from blocksweep_torch.tests.support import config


@pytest.mark.parametrize("name, valid", [
    ("probe", True), ("active_1", True), ("active_24", True), ("active_9223372036854775807", True),
    ("active_9223372036854775808", False), ("active_0", False), ("active_02", False), ("active_+2", False),
    ("active_-1", False), ("active_", False), ("active_\u0663", False), ("Probe", False), ("active_2 ", False),
    ("", False),
])
def test_step_kind_names_as_the_engine_reads_them(name, valid):
    assert is_step_kind(name) is valid


def test_calibration_order_is_by_blocks_then_probe():
    names = ["probe", "active_10", "active_2", "active_1"]
    assert sorted(names, key=step_kind_order) == ["active_1", "active_2", "active_10", "probe"]
    assert step_kinds_all(3) == ["active_1", "active_2", "active_3", "probe"]
    assert step_kinds_all(0) == ["active_1", "probe"]


def test_kinds_lists_add_the_full_step_in_calibration_order():
    assert parse_kinds("probe, active_2", 4) == ["active_2", "active_4", "probe"]
    assert parse_kinds("active_4,active_4", 4) == ["active_4"]


# The engine's own messages (Tests/EndToEndTests/TorchCalibrationTests.swift compares them).
@pytest.mark.parametrize("text, message", [
    ("active_2,bogus", "--kinds: 'bogus' is not a step kind (active_<k> for k ≥ 1, or probe)"),
    ("", "--kinds: '' is not a step kind (active_<k> for k ≥ 1, or probe)"),
    ("active_5,probe", "--kinds: active_5 needs more blocks than --n-layers 4 (kinds active_1…active_4, probe)"),
])
def test_a_bad_kinds_list_is_refused(text, message):
    with pytest.raises(UsageError) as raised:
        parse_kinds(text, 4)
    assert str(raised.value) == message


def test_the_kinds_each_schedule_can_take():
    c = config(n_layers=6, static_active_layers=2, dyn_min_active_layers=2, dyn_max_active_layers=4)
    assert step_kinds_taken(["full_update"], c) == ["active_6"]
    assert step_kinds_taken(["static_suffix"], c) == ["active_2", "active_6"]
    assert step_kinds_taken(["dynamic_suffix"], c) == ["active_2", "active_3", "active_4", "active_6", "probe"]
    staged = config(n_layers=6, dyn_min_active_layers=2, dyn_max_active_layers=4, dyn_final_full_frac=0.2,
                    dyn_final_recovery_mode="staged")
    assert step_kinds_taken(["dynamic_suffix"], staged) == ["active_%d" % k for k in range(2, 7)] + ["probe"]
    clamped = config(n_layers=3, static_active_layers=0, dyn_min_active_layers=7, dyn_max_active_layers=1)
    assert step_kinds_taken(["static_suffix", "dynamic_suffix"], clamped) == ["active_1", "active_3", "probe"]
