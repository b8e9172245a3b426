import Vocabulary
import SweepKit

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

    /// Why a readable result does not belong to this job, or nil when it does.
    func mismatch(in report: BenchReportHeader, for job: Job) -> String?
}

/// Picks the runner and the backend a plan asks for, refusing the ones not built yet before
/// anything runs: never a silent fallback to something the user did not ask for.
package enum RunnerSelection {
    package static func make(for plan: Plan, blocksweepPath: String) throws(SweepRunError) -> (JobRunner, JobBackend) {
        let backend: JobBackend
        switch plan.execution.backend {
        case .local:
            backend = LocalBackend()
        case .slurm:
            throw .badInput("execution.backend: slurm is not available yet; remove `backend: slurm` "
                + "(or set `backend: local`) to run the sweep on this machine")
        }
        let runner: JobRunner
        switch plan.runner {
        case .builtin:
            runner = BuiltinRunner(blocksweepPath: blocksweepPath)
        case .command(let argv):
            runner = CommandRunner(template: argv)
        case .torch:
            throw .badInput("runner: torch is not available yet (the PyTorch runner in tools/ is its own issue); "
                + "use `runner: builtin` for the CPU engine or `runner: {command: [...]}` for your own script")
        }
        try runner.check(plan)
        return (runner, backend)
    }
}
