import math
import os
import re

import pytest

from blocksweep_torch.parameters import (
    CALIBRATE_FLAGS, PARAMETERS, SCHEDULES, UsageError, build_parser, flag, full_update_settings, parse_schedules,
    setting_value, validate,
)
from blocksweep_torch.tests.support import ROOT


def parse(argv, mode="bench"):
    args = build_parser(mode).parse_args(argv)
    validate(args)
    return args


def swift_names():
    """Every BenchParameter the engine declares, wherever in Sources/Vocabulary it lives (the
    shared table and each schedule's own)."""
    names = []
    for folder, _, files in os.walk(f"{ROOT}/Sources/Vocabulary"):
        for file in files:
            if file.endswith(".swift"):
                with open(os.path.join(folder, file)) as f:
                    names += re.findall(r'name: "([a-z0-9_]+)",\s*binding:', f.read())
    return names


def swift_defaults():
    """BenchConfig's `package var name = value` lines, by snake_case name."""
    with open(f"{ROOT}/Sources/Vocabulary/Config/BenchConfig.swift") as f:
        lines = re.findall(r"package var (\w+) = (.+)", f.read())

    def snake(camel):
        return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), camel)

    defaults = {}
    for name, text in lines:
        if text.startswith('"'):
            value = text.strip('"')
        elif text in ("true", "false"):
            value = text == "true"
        elif re.fullmatch(r"-?\d+", text):
            value = int(text)
        elif re.fullmatch(r"[A-Za-z]+\.[a-zA-Z]+", text):  # an enum case: RelevanceMetric.gradRatio
            value = snake(text.split(".")[1])
        elif text == "nil":
            continue
        else:
            value = float(text)
        defaults[snake(name)] = value
    return defaults


def test_the_table_names_the_engines_settings():
    assert sorted(name for name, _, _, _ in PARAMETERS) == sorted(swift_names())


def test_every_default_is_the_engines():
    engine = swift_defaults()
    for name, kind, default, _ in PARAMETERS:
        assert engine[name] == default, name
        assert type(engine[name]) is kind or (kind is float and isinstance(engine[name], int)), name


def test_defaults_and_flags_come_from_the_table():
    args = parse([])
    for name, _, default, _ in PARAMETERS:
        assert getattr(args, name) == default
    args = parse(["--n-layers", "6", "--dyn-final-full-frac", "0.25", "--dyn-relevance-metric", "saliency_abs_gp"])
    assert (args.n_layers, args.dyn_final_full_frac, args.dyn_relevance_metric) == (6, 0.25, "saliency_abs_gp")
    assert flag("dyn_eps") == "--dyn-eps"


@pytest.mark.parametrize("argv, value", [
    ([], False), (["--dyn-adapt-budget"], True), (["--dyn-adapt-budget", "true"], True),
    (["--dyn-adapt-budget", "FALSE"], False), (["--dyn-adapt-budget", "True"], True),
])
def test_a_bool_flag_takes_no_value_or_true_or_false(argv, value):
    assert parse(argv).dyn_adapt_budget is value


@pytest.mark.parametrize("argv, message", [
    (["--steps", "0"], "--steps: must be at least 1, got 0"),
    (["--lr", "0"], "--lr: must be above 0, got 0.0"),
    (["--lr", "nan"], "--lr: must be a finite number, got nan"),
    (["--max-steps-multiplier", "inf"], "--max-steps-multiplier: must be a finite number, got inf"),
    (["--weight-decay", "-1"], "--weight-decay: must not be negative, got -1.0"),
    (["--dyn-relevance-threshold", "0"], "--dyn-relevance-threshold: must be in (0, 1], got 0.0"),
    (["--dyn-freeze-start-frac", "1.5"], "--dyn-freeze-start-frac: must be in [0, 1], got 1.5"),
    (["--dyn-final-full-frac", "1"], "--dyn-final-full-frac: must be in [0, 1), got 1.0"),
    (["--dyn-final-recovery-stage1-progress", "0.8", "--dyn-final-recovery-stage2-progress", "0.5"],
     "--dyn-final-recovery-stage2-progress: must not be below --dyn-final-recovery-stage1-progress (0.8)"),
    (["--threads", "0"], "--threads: must be a positive integer, got '0'"),
    (["--dyn-adapt-budget", "yes"], "argument --dyn-adapt-budget: expected true or false, got 'yes'"),
    (["--dtype", "int8"], "--dtype: must be one of float32, float16, bfloat16, got int8"),
    (["--bogus"], "unrecognized arguments: --bogus"),
    (["--dyn-warm"], "unrecognized arguments: --dyn-warm"),  # no abbreviations, as the engine
])
def test_a_setting_the_engine_refuses_is_refused_with_its_flag(argv, message):
    with pytest.raises(UsageError) as raised:
        parse(argv)
    assert str(raised.value) == message


def test_calibrate_takes_only_the_model_flags_and_its_own():
    args = parse(["--dmodel", "16", "--cap-seconds", "2", "--kinds", "probe", "--json-out", "c.json"], "calibrate")
    assert (args.dmodel, args.cap_seconds, args.kinds, args.target) == (16, 2.0, "probe", 0.01)
    assert not hasattr(args, "steps") and not hasattr(args, "schedules")
    assert {name for name, _, _, _ in PARAMETERS if hasattr(args, name)} == CALIBRATE_FLAGS
    with pytest.raises(UsageError, match="unrecognized arguments: --steps 3"):
        parse(["--steps", "3"], "calibrate")


def test_schedules_are_deduplicated_in_the_engines_order():
    assert parse_schedules("dynamic_suffix, full_update,dynamic_suffix") == ["full_update", "dynamic_suffix"]
    assert parse_schedules(",".join(reversed(SCHEDULES))) == SCHEDULES
    with pytest.raises(UsageError) as raised:
        parse_schedules("full,static")
    assert str(raised.value) == ("--schedules: unknown schedule 'full' (choose from full_update, static_suffix, "
                                 "dynamic_suffix)")


def test_full_update_depends_on_the_model_data_and_optimizer_only():
    shared = full_update_settings()
    assert "seed" in shared and "lr" in shared and "dtype" in shared and "n_layers" in shared
    assert not [name for name in shared if name.startswith("dyn_")]
    for name in ("device", "equal_time_budget", "max_steps_multiplier", "static_active_layers"):
        assert name not in shared


@pytest.mark.parametrize("kind, value, typed", [
    (int, 3, 3), (int, 3.0, None), (int, True, None), (float, 2, 2.0), (float, 0.5, 0.5), (float, False, None),
    (bool, True, True), (bool, 1, None), (str, "full", "full"), (str, 1, None),
])
def test_a_fork_plans_setting_must_have_its_flags_type(kind, value, typed):
    result = setting_value(kind, value)
    assert result == typed and type(result) is type(typed)


def test_the_nonfinite_check_applies_to_every_float_setting():
    floats = [name for name, kind, _, _ in PARAMETERS if kind is float]
    assert len(floats) > 10
    for name in floats:
        with pytest.raises(UsageError, match="must be a finite number"):
            parse([flag(name), "nan"])
    assert math.isfinite(parse([]).lr)
