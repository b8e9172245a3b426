import SweepKit
import Vocabulary

/// `runner: torch`: tools/blocksweep_torch.py under the sweep's Python, with exactly the
/// arguments the builtin engine gets (`bench` or `calibrate`, the job's settings as flags,
/// --threads, --json-out, --baseline-json, --calibration), so the two write the same results.
/// One job per GPU (the executor sets CUDA_VISIBLE_DEVICES), or per CPU slot without a GPU.
/// Prefix forking takes the engine's flags too; while `execution.fork` is on, every job also
/// gets `--deterministic` (RunnerSpec.deterministicKernels, part of the jobs' ids), so that source, dependents and the runs that train from step 0 all take
/// the same kernels to the bit on a GPU, and the calibration prices those kernels
/// (docs/benchmark.md, "The torch runner").
package struct TorchRunner: JobRunner {
    /// The interpreter: `execution.python`, else $BLOCKSWEEP_PYTHON, else python3.
    package var python: String
    /// tools/blocksweep_torch.py (the entry point over tools/blocksweep_torch/), found by
    /// TorchSetup.script.
    package var script: String
    var builtin: BuiltinRunner
    /// `execution.fork` is on: every job (calibrations too) runs with deterministic kernels.
    package var deterministic: Bool

    package init(
        python: String, script: String, equalTimeClock: EqualTimeClock = .wall, calibrationCapSeconds: Double? = nil,
        deterministic: Bool = false
    ) {
        self.python = python
        self.script = script
        self.deterministic = deterministic
        builtin = BuiltinRunner(
            blocksweepPath: script, equalTimeClock: equalTimeClock, calibrationCapSeconds: calibrationCapSeconds)
    }

    package var slotKinds: [Slot.Kind] { [.cuda, .cpu] }

    package func check(_ plan: Plan) throws(SweepRunError) { try builtin.check(plan) }

    package func arguments(
        for job: Job, slot: Slot, resultPath: String, baselineResults: [String],
        calibrationResult: String?
    ) -> [String] {
        // The builtin argv starts with its program (here the script), then `bench` or `calibrate`.
        [python]
            + builtin.arguments(
                for: job, slot: slot, resultPath: resultPath, baselineResults: baselineResults,
                calibrationResult: calibrationResult)
            + (deterministic ? ["--deterministic"] : [])
    }

    package func forkArguments(_ request: ForkRequest) -> [String] { builtin.forkArguments(request) }

    package func mismatch(in report: BenchReportHeader, for job: Job) -> String? {
        builtin.mismatch(in: report, for: job)
    }
}
