import SweepKit
import Vocabulary

/// The sbatch flags every task of a sweep gets, from its sweep file: `--cpus-per-task` from
/// `threads`, `--gres=gpu:1` when its devices are GPUs, `--time` from `timeout`, partition,
/// account, then `sbatch_args` as written (last, so they can override any of these).
package enum SlurmResources {
    package static func arguments(for plan: Plan, settings: SlurmSettings, runner: JobRunner) -> [String] {
        var args = ["--cpus-per-task=\(max(1, plan.execution.threads))"]
        if usesGPUs(plan, runner: runner) { args.append("--gres=gpu:1") }
        if let timeout = plan.execution.timeoutSeconds { args.append("--time=\(timeLimit(timeout))") }
        if let partition = settings.partition { args.append("--partition=\(partition)") }
        if let account = settings.account { args.append("--account=\(account)") }
        return args + settings.sbatchArgs
    }

    /// A job gets one GPU when the sweep's devices name GPUs and its runner can use them, as a
    /// local slot holds one GPU.
    package static func usesGPUs(_ plan: Plan, runner: JobRunner) -> Bool {
        guard runner.slotKinds.contains(.cuda), let devices = plan.execution.devices else { return false }
        return devices.contains { if case .cuda = $0 { return true } else { return false } }
    }

    /// Slurm's time limits are whole minutes: the timeout rounded up ("1" for 10 s, "2" for 61 s).
    package static func timeLimit(_ seconds: Double) -> String {
        String(max(1, Int((seconds / 60).rounded(.up))))
    }
}
