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
    /// `baselineResults` are the result files of the jobs it depends on; `calibrationResult`
    /// the calibration file the job's modelled clock reads (builtin and torch runners; a
    /// command ignores it).
    func arguments(
        for job: Job, slot: Slot, resultPath: String, baselineResults: [String],
        calibrationResult: String?
    ) -> [String]

    /// Why a readable result does not belong to this job, or nil when it does.
    func mismatch(in report: BenchReportHeader, for job: Job) -> String?

    /// The flags that make an attempt record for its fork dependents or start from a
    /// baseline's snapshot; [] for a runner that does not fork (the default).
    func forkArguments(_ request: ForkRequest) -> [String]

    /// The flags that make a calibration measure beside busy neighbours on `others`, the slots
    /// its jobs will run on beside it; [] for a runner whose calibration measures alone (the
    /// default).
    func calibrationNeighbourArguments(_ others: [Slot]) -> [String]
}

extension JobRunner {
    /// The argv of a job whose clock reads no calibration.
    package func arguments(for job: Job, slot: Slot, resultPath: String, baselineResults: [String]) -> [String] {
        arguments(
            for: job, slot: slot, resultPath: resultPath, baselineResults: baselineResults, calibrationResult: nil)
    }

    package func forkArguments(_ request: ForkRequest) -> [String] { [] }

    package func calibrationNeighbourArguments(_ others: [Slot]) -> [String] { [] }
}
