/// Torch jobs run with deterministic kernels (`--deterministic`) whenever the sweep may fork
/// (`execution.fork`, the default): a forked job must equal its run from step 0 on a GPU too,
/// and its baseline and calibration must have run the same kernels. Those kernels compute and
/// time another run, so the choice is part of every torch job's and calibration's identity:
/// turning `fork` off or on gives torch jobs other ids, and nothing is paired across the two.
extension RunnerSpec {
    package func deterministicKernels(_ execution: ExecutionSettings) -> Bool {
        self == .torch && execution.fork
    }
}

extension SweepSpec {
    package var deterministicKernels: Bool { runner.deterministicKernels(execution) }
}

extension Plan {
    package var deterministicKernels: Bool { runner.deterministicKernels(execution) }
}
