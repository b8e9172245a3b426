import SweepKit

/// Picks the runner and the backend a plan asks for, refusing the ones not built yet before
/// anything runs: never a silent fallback to something the user did not ask for.
package enum RunnerSelection {
    package static func make(for plan: Plan, blocksweepPath: String) throws(SweepRunError) -> (JobRunner, JobBackend) {
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
            throw .badInput(
                "runner: torch is not available yet (the PyTorch runner in tools/ is its own issue); "
                    + "use `runner: builtin` for the CPU engine or `runner: {command: [...]}` for your own script")
        }
        try runner.check(plan)
        return (runner, backend)
    }
}
