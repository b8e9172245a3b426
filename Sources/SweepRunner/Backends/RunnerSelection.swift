import Foundation
import SweepKit

/// Picks the runner and the backend a plan asks for, refusing the ones not built yet before
/// anything runs: never a silent fallback to something the user did not ask for.
package enum RunnerSelection {
    /// The local backend and the plan's runner. A Slurm plan runs through SlurmExecutor, not
    /// here (RunCommand picks it).
    package static func make(
        for plan: Plan, blocksweepPath: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(SweepRunError) -> (JobRunner, JobBackend) {
        let backend: JobBackend
        switch plan.execution.backend {
        case .local:
            backend = LocalBackend()
        case .slurm:
            throw .badInput("execution.backend: slurm runs through the Slurm executor, not the local one")
        }
        return (try runner(for: plan, blocksweepPath: blocksweepPath, environment: environment), backend)
    }

    /// The plan's runner, checked against the plan (whichever backend runs it).
    package static func runner(
        for plan: Plan, blocksweepPath: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(SweepRunError) -> JobRunner {
        let runner: JobRunner
        switch plan.runner {
        case .builtin:
            runner = BuiltinRunner(
                blocksweepPath: blocksweepPath, equalTimeClock: plan.execution.equalTimeClock,
                calibrationCapSeconds: plan.execution.calibrationCapSeconds)
        case .command(let argv):
            runner = CommandRunner(template: argv)
        case .torch:
            runner = try TorchSetup.runner(for: plan, blocksweepPath: blocksweepPath, environment: environment)
        }
        try runner.check(plan)
        return runner
    }
}
