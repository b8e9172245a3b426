"""The entry point and the replay, run as the jobs and the Swift test run them: in a child Python."""

import json
import os
import subprocess
import sys

from blocksweep_torch.controller import DynamicSuffixController
from blocksweep_torch.tests.support import TOOLS, config

MODULES = ["parameters", "stats", "controller", "step_kinds", "clock", "files", "model", "forking", "bench",
           "calibrate", "cli", "controller_replay"]


def python(args, cwd, stdin=None, env=None):
    return subprocess.run([sys.executable] + args, cwd=cwd, input=stdin, capture_output=True, text=True,
                          env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1", **(env or {})), timeout=60)


def test_no_module_imports_torch(tmp_path):
    program = ("import sys; sys.path.insert(0, %r)\n" % TOOLS
               + "".join("import blocksweep_torch.%s\n" % m for m in MODULES)
               + "print(sorted(m for m in sys.modules if m == 'torch' or m.startswith('torch.')))")
    run = python(["-c", program], tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout == "[]\n"


def test_the_script_runs_the_package_beside_it_from_any_folder(tmp_path):
    # Exit 2 and the flag's message come from the package's cli.main (before torch is needed).
    run = python([os.path.join(TOOLS, "blocksweep_torch.py"), "--steps", "0"], tmp_path)
    assert (run.returncode, run.stdout, run.stderr) == (2, "", "error: --steps: must be at least 1, got 0\n")
    run = python([os.path.join(TOOLS, "blocksweep_torch.py"), "calibrate", "--kinds", "active_0", "--json-out",
                  str(tmp_path / "c.json")], tmp_path)
    assert run.returncode == 2
    assert run.stderr == "error: --kinds: 'active_0' is not a step kind (active_<k> for k ≥ 1, or probe)\n"


def test_a_python_without_torch_exits_3_naming_the_setup(tmp_path):
    (tmp_path / "torch.py").write_text("raise ImportError('no torch here')\n")
    run = python([os.path.join(TOOLS, "blocksweep_torch.py"), "--steps", "2"], tmp_path,
                 env={"PYTHONPATH": str(tmp_path)})
    assert run.returncode == 3
    assert run.stderr == ("error: %s cannot import torch (no torch here): run tools/setup-torch.sh, or point "
                          "BLOCKSWEEP_PYTHON at an interpreter that has torch\n" % sys.executable)


CASE = {
    "settings": {"n_layers": 4, "dyn_warmup_steps": 2, "dyn_probe_every": 3, "dyn_refresh_every": 0,
                 "dyn_min_active_layers": 1, "dyn_freeze_start_step": 2, "dyn_relevance_threshold": 0.5,
                 "dyn_adapt_budget": True, "dyn_loss_upper": 1.0, "dyn_final_full_frac": 0.25},
    "progress": {"steps": 8},
    "elapsed_ms": [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0],
    "losses": [1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3],
    "probe_losses": [1.0, 0.95, 0.8, 0.75, 0.6, 0.5, 0.4, 0.3],
    "scores": [[1.0, 1.0, 1.0, 5.0], [1.0, 1.0, 1.0, 5.0], None, [4.0, 1.0, 1.0, 1.0], None, None, [1.0] * 4,
               None],
}


def test_the_replay_drives_the_controller_as_its_docstring_says(tmp_path):
    script = os.path.join(TOOLS, "blocksweep_torch", "controller_replay.py")
    run = python([script], tmp_path, stdin=json.dumps([CASE, dict(CASE, progress={"budget_ms": 6.0, "steps": 8})]))
    assert run.returncode == 0, run.stderr
    by_steps, by_time = json.loads(run.stdout)

    controller = DynamicSuffixController(config(**CASE["settings"]), ("steps", 8))
    starts = []
    for step in range(8):
        start, probe = controller.plan(step, CASE["elapsed_ms"][step], CASE["losses"][:step])
        starts.append(start)
        if probe:
            controller.record_probe(step, CASE["probe_losses"][step], CASE["scores"][step])
    # Two falling probe losses take the budget from 4 to 2; the last quarter trains every block.
    assert by_steps["active_starts"] == starts == [0, 0, 3, 0, 2, 2, 0, 0]
    assert by_steps["probes"] == [True, True, False, True, False, False, False, False]
    assert (by_steps["budget"], by_steps["dynamic_start"], by_steps["probe_count"]) == (2, 2, 3)
    assert by_steps["events"] == json.loads(json.dumps(controller.events))
    # On the clock the recovery starts at 0.75 × 6 ms: step 5, not step 6.
    assert [e["step"] for e in by_time["events"] if "final_recovery_stage" in e] == [5]

    module = python(["-m", "blocksweep_torch.controller_replay"], tmp_path, stdin=json.dumps([CASE]),
                    env={"PYTHONPATH": TOOLS})
    assert module.returncode == 0, module.stderr
    assert json.loads(module.stdout) == [by_steps]


def test_a_bad_case_exits_2_naming_it(tmp_path):
    script = os.path.join(TOOLS, "blocksweep_torch", "controller_replay.py")
    bad = dict(CASE, settings={"n_layers": 4.5})
    run = python([script], tmp_path, stdin=json.dumps([CASE, bad]))
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == "controller_replay: case 1: bad setting n_layers = 4.5\n"
    unscored = dict(CASE, scores=[None] * 8)
    run = python([script], tmp_path, stdin=json.dumps([unscored]))
    assert run.stderr == "controller_replay: case 0: step 0 probes, but the case has no scores for it\n"
