import Foundation
import SweepKit

/// Picks the runner and the backend a plan asks for, refusing the ones not built yet before
/// anything runs: never a silent fallback to something the user did not ask for.
package enum RunnerSelection {
    package static func make(
        for plan: Plan, blocksweepPath: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(SweepRunError) -> (JobRunner, JobBackend) {
        let backend: JobBackend
        switch plan.execution.backend {
        case .local:
            backend = LocalBackend()
        case .slurm:
            throw .badInput(
                "execution.backend: slurm is not available yet; remove `backend: slurm` "
                    + "(or set `backend: local`) to run the sweep on this machine")
        }
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
        return (runner, backend)
    }
}
