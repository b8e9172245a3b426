import SweepKit
import Vocabulary

/// What a job runs: the builtin engine, a user's command, later the PyTorch runner. A runner
/// turns a job into argv; the backend decides where that argv runs.
package protocol JobRunner: Sendable {
    /// Slot kinds the runner can use, preferred first.
    var slotKinds: [Slot.Kind] { get }

    /// Problems with the plan found before anything runs (bad input).
    func check(_ plan: Plan) throws(SweepRunError)

    /// The attempt's argv. `resultPath` is where the process must write its result JSON;
    /// `baselineResults` are the result files of the jobs it depends on.
    func arguments(for job: Job, slot: Slot, resultPath: String, baselineResults: [String]) -> [String]

    /// The same, given also the calibration file the job's modelled clock reads (builtin
    /// runner); other runners ignore it.
    func arguments(
        for job: Job, slot: Slot, resultPath: String, baselineResults: [String],
        calibrationResult: String?
    ) -> [String]

    /// Why a readable result does not belong to this job, or nil when it does.
    func mismatch(in report: BenchReportHeader, for job: Job) -> String?

    /// The flags that make an attempt record for its fork dependents or start from a
    /// baseline's snapshot; [] for a runner that does not fork (the default).
    func forkArguments(_ request: ForkRequest) -> [String]
}

extension JobRunner {
    package func arguments(
        for job: Job, slot: Slot, resultPath: String, baselineResults: [String],
        calibrationResult: String?
    ) -> [String] {
        arguments(for: job, slot: slot, resultPath: resultPath, baselineResults: baselineResults)
    }

    package func forkArguments(_ request: ForkRequest) -> [String] { [] }
}
