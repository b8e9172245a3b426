import json
import os

import pytest

from blocksweep_torch.clock import StepLog, calibrated_cost, calibrated_halfwidth
from blocksweep_torch.files import (
    CALIBRATION_KIND, FORK_PLAN_FILE, FORK_RECORD_FILE, calibration_digest, check_writable, json_number,
    load_baseline, load_calibration, read_number, snapshot_file, write_atomically,
)
from blocksweep_torch.parameters import UsageError
from blocksweep_torch.tests.support import ROOT, config


def test_an_atomic_write_leaves_the_file_and_nothing_else(tmp_path):
    path = tmp_path / "r.json"
    path.write_text("old")
    write_atomically(str(path), "new\n")
    assert path.read_text() == "new\n"
    assert os.listdir(tmp_path) == ["r.json"]


def test_check_writable_makes_the_folder(tmp_path):
    check_writable(str(tmp_path / "a" / "b" / "r.json"), "--json-out")
    assert (tmp_path / "a" / "b").is_dir()
    (tmp_path / "file").write_text("")
    with pytest.raises(OSError, match="--json-out .*: cannot create its folder"):
        check_writable(str(tmp_path / "file" / "r.json"), "--json-out")


def test_the_digest_is_64_bit_fnv_1a(tmp_path):
    path = tmp_path / "c.json"
    path.write_bytes(b"")
    assert calibration_digest(str(path)) == "cbf29ce484222325"
    path.write_bytes(b"a")
    assert calibration_digest(str(path)) == "af63dc4c8601ec8c"


def test_the_fork_folders_names_are_the_engines():
    with open(f"{ROOT}/Sources/Vocabulary/Fork/ForkFiles.swift") as f:
        swift = f.read()
    assert 'plan = "%s"' % FORK_PLAN_FILE in swift
    assert 'record = "%s"' % FORK_RECORD_FILE in swift
    assert snapshot_file(12) == "step-12.snapshot"


def test_nonfinite_numbers_round_trip_as_strings():
    for v in (1.5, float("inf"), float("-inf")):
        assert read_number(json_number(v)) == v
    assert json_number(float("nan")) == "nan"
    with pytest.raises(ValueError):
        read_number(True)


def calibration(tmp_path, **changes):
    record = {
        "kind": CALIBRATION_KIND, "version": 1,
        "model": {"dmodel": 32, "n_layers": 3, "hidden_mult": 2, "batch_size": 2, "seq_len": 4, "dtype": "float32"},
        "device": "cpu", "threads": 1, "kinds": ["active_1", "active_2", "active_3", "probe"],
        "active_step_ms": [1.0, 2.0, 3.0], "probe_step_ms": 3.5, "relative": [0.33, 0.67, 1.0, 1.17],
        "relative_halfwidth": [0.1, 0.2, 0.0, 0.3], "converged": True,
    }
    record.update(changes)
    path = tmp_path / "cal.json"
    path.write_text(json.dumps(record))
    return str(path)


MODEL = dict(dmodel=32, n_layers=3, hidden_mult=2, batch_size=2, seq_len=4, dtype="float32", dyn_min_active_layers=1)


def test_a_calibration_of_this_model_prices_every_kind(tmp_path):
    costs = load_calibration(calibration(tmp_path), config(**MODEL), 1, "cpu", ["full_update", "dynamic_suffix"])
    assert costs == ([1.0, 2.0, 3.0], 3.5, ([0.1, 0.2, 0.0], 0.3))
    assert calibrated_cost(costs, 3, 2, False) == 2.0 and calibrated_cost(costs, 3, 9, False) == 3.0
    assert calibrated_cost(costs, 3, 3, True) == 3.5
    assert calibrated_halfwidth(costs, 3, 1, False) == 0.1 and calibrated_halfwidth(costs, 3, 1, True) == 0.3


@pytest.mark.parametrize("changes, threads, device, message", [
    ({"kind": "other"}, 1, "cpu", "not a blocksweep-calibration version 1 file"),
    ({}, 2, "cpu", "calibrated for threads = 1, this run has 2"),
    ({}, 1, "cuda", "calibrated on cpu, this run is on cuda"),
    ({"active_step_ms": [1.0, 2.0]}, 1, "cpu", "holds 2 active-step costs for n_layers = 3"),
    ({"active_step_ms": [1.0, -2.0, 3.0]}, 1, "cpu", "holds a calibrated step cost that is not a positive number"),
    ({"kinds": ["active_3"], "active_step_ms": [None, None, 3.0]}, 1, "cpu",
     "does not price step kinds active_1, active_2, probe that this run can take (it measured active_3); "
     "calibrate with --kinds active_1,active_2,active_3,probe"),
])
def test_a_calibration_that_cannot_price_this_run_is_refused(tmp_path, changes, threads, device, message):
    path = calibration(tmp_path, **changes)
    with pytest.raises(UsageError) as raised:
        load_calibration(path, config(**MODEL), threads, device, ["dynamic_suffix"])
    assert str(raised.value) == "--calibration %s: %s" % (path, message)


def test_a_baseline_of_other_settings_is_refused(tmp_path):
    path = tmp_path / "base.json"
    path.write_text(json.dumps({"config": {"seed": 7, "dyn_probe_every": 3},
                                "results": [{"schedule": "full_update", "elapsed_ms": 10.0}]}))
    assert load_baseline(str(path), config(seed=7, dyn_probe_every=9))["elapsed_ms"] == 10.0
    with pytest.raises(UsageError, match="baseline was run with seed = 7, this run has 42"):
        load_baseline(str(path), config())


def test_the_step_log_sums_time_and_modelled_spread():
    log = StepLog()
    log.append(2.0, 1.0, 6, 3.0, 0.1)
    log.append(1.0, 0.9, 2, 1.0, 0.2)
    assert (log.elapsed, log.modelled, log.modelled_times) == (3.0, 4.0, [3.0, 1.0])
    assert log.modelled_spread == pytest.approx(0.5)
    log.append(1.0, 0.8, 2, 1.0, None)  # one unknown half-width: the spread is unknown
    assert log.modelled_spread is None and log.active == [6, 2, 2]


def test_the_progress_file_holds_one_line_per_step_in_the_engines_key_order(tmp_path):
    from blocksweep_torch.files import PROGRESS_KEYS, ProgressFile
    path = tmp_path / "progress.jsonl"
    path.write_text("an earlier attempt's line\n")
    progress = ProgressFile(str(path))
    progress.append(step=0, schedule="dynamic_suffix", kind="probe", ms=1.5, loss=2.0, probe_loss=2.0,
                    active_layers=4, elapsed_ms=1.5, steps_limit=10, budget_ms=None)
    progress.append(step=1, schedule="dynamic_suffix", kind="active_2", ms=float("nan"), loss=1.9,
                    active_layers=2, elapsed_ms=3.0, steps_limit=10, budget_ms=20.0, budget_clock="modelled")
    lines = path.read_text().splitlines()
    assert len(lines) == 2  # the earlier attempt's line is gone
    first, second = (json.loads(line) for line in lines)
    assert list(first) == [k for k in PROGRESS_KEYS if k in first]
    assert first["probe_loss"] == 2.0 and "budget_ms" not in first
    assert "ms" not in second and second["kind"] == "active_2"  # JSON has no NaN: left out


def test_no_progress_path_writes_nothing(tmp_path):
    from blocksweep_torch.files import ProgressFile
    progress = ProgressFile(None)
    progress.append(step=0, loss=1.0)
    assert list(tmp_path.iterdir()) == []
