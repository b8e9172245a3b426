import Foundation
import SweepKit
import SweepRunner
import Vocabulary

/// `blocksweep run` on the Slurm backend: refuses before anything is submitted where sbatch is
/// missing, then hands the plan to SlurmExecutor with the run's header and progress lines.
struct SlurmRun {
    var plan: Plan
    var settings: SlurmSettings
    var resultsRoot: String
    var parallel: Int?
    var retryFailed: Bool
    var detach: Bool
    var sweepSource: String
    var say: @Sendable (String) -> Void
    /// A pruning round policy's stops (RoundPolicy.jobsToStop), nil for one that does not prune.
    var jobsToStop: (@Sendable ([JobProgress]) -> [StopRequest])? = nil

    /// The message where sbatch is not on PATH (exit 2: the run cannot be done as asked here).
    static func missingSbatch(_ path: String?) -> String {
        "backend: slurm needs Slurm's sbatch on PATH, and there is none here (PATH=\(path ?? "")); nothing was "
            + "submitted. Run on a machine of the cluster (a login node), or try a local Slurm with "
            + "`tools/slurm-local start`, or run on this machine with `--backend local`"
    }

    /// Absolute: the launcher runs on a node, in whatever folder Slurm starts it.
    var folder: ResultsFolder {
        let root = URL(fileURLWithPath: resultsRoot).standardizedFileURL.path
        return ResultsFolder(path: (root as NSString).appendingPathComponent(plan.name))
    }

    /// Submits what can go now and watches it to its end (or only submits, with `detach`).
    func run() throws(SweepRunError) -> RunOutcome {
        let environment = ProcessInfo.processInfo.environment
        guard let client = SlurmClient.find(environment: environment) else {
            throw .badInput(Self.missingSbatch(environment["PATH"]))
        }
        let blocksweep = RunCommand.ownExecutable()
        let runner = try RunnerSelection.runner(for: plan, blocksweepPath: blocksweep)
        let folder = self.folder
        let calibrations = plan.calibrations.isEmpty ? "" : " and \(plan.calibrations.count.counted("calibration"))"
        let partition = settings.partition.map { " (partition \($0))" } ?? ""
        let header =
            "\(plan.name): \(plan.jobs.count.counted("job"))\(calibrations) through Slurm\(partition) → \(folder.path)"

        var options = SlurmRunOptions()
        options.detach = detach
        options.retryFailed = retryFailed
        options.parallel = parallel
        options.blocksweepPath = blocksweep
        options.handleSignals = true
        options.sweepSource = sweepSource
        options.jobsToStop = jobsToStop
        let say = self.say
        options.onStart = { say(header) }
        options.onNote = { say("note: " + $0) }
        options.onSubmitted = { say("submitted Slurm array \($0)") }
        // The crash-safety tests' hook (CrashPoint.environmentVariable), to prove a rerun submits
        // nothing twice whether the runner dies before or after the journal holds the task ids.
        options.crashAfterSubmit = environment[CrashPoint.environmentVariable] == "after-submit"
        options.crashBeforeJournal = environment[CrashPoint.environmentVariable] == "after-sbatch"
        let progress: ProgressSink = isatty(STDOUT_FILENO) == 1 ? TerminalProgress() : PlainProgress()
        return try SlurmExecutor(
            plan: plan, folder: folder, runner: runner, client: client, settings: settings, progress: progress,
            options: options
        ).run()
    }
}
