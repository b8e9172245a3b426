"""blocksweep's PyTorch runner: the benchmark of docs/benchmark.md on a GPU (or the CPU), run
through its entry point tools/blocksweep_torch.py (the path sweeps and Slurm tasks name).

Same flags and same result JSON as `blocksweep bench`; `calibrate` as the first argument
measures step costs and writes the calibration JSON of `blocksweep calibrate`. The modules:

    parameters   the parameter table, the command line, its checks
    stats        rounding, step-time statistics, Student t
    controller   the dynamic_suffix controller (a port of Sources/Vocabulary/Schedules/)
    step_kinds   step kinds: names, order, the kinds a run can take
    clock        the modelled clock: calibrated costs, the step log
    files        atomic writes; inputs, baseline and calibration files; fork file names
    model        the model and its training step (Bench, Trainer), in torch
    forking      prefix forking: ForkShadows, replay, Forking, ForkStart
    bench        run_bench and train: the `bench` command
    calibrate    run_calibrate: the `calibrate` command
    cli          main: argv to exit status
    controller_replay  the controller over recorded inputs, for the engine's differential test

Only model, forking, bench, calibrate and cli touch torch, and none imports it: cli.main
imports it once the flags are checked and hands it on. The rest are tested without torch by
tests/ (pytest).
"""
