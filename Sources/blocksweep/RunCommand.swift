import ArgumentParser
import Foundation
import SweepKit
import SweepRunner
import Vocabulary

/// `blocksweep run FILE`: runs (or resumes) a sweep in results/<name>/.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a sweep, or resume it: jobs already done are never run again.",
        discussion: """
            Results go to DIR/<name>/ (sweep.yaml, plan.json, journal.jsonl, jobs/<id>/). Running the \
            same command again after a crash or Ctrl-C finishes the sweep; after the sweep file is \
            edited it runs only the new jobs.

            With --backend slurm (or execution.backend: slurm) the whole sweep is submitted to Slurm \
            at once as job arrays and watched until done; the jobs go on if blocksweep dies, and \
            the same command re-attaches to them. --detach submits and exits; `status` and `run` \
            collect later, `cancel` stops them. With adaptive seeds (seeds: {initial, max}) each \
            round is submitted once the one before it has ended and been judged; --detach submits \
            one round, and running the same command again collects it and submits the next.
            """ + "\n\n" + ExitCodes.help)

    @Argument(help: "The sweep file (YAML).")
    var file: String

    @Option(name: .long, help: ArgumentHelp("Folder that holds the sweep's results folder.", valueName: "dir"))
    var results: String = "results"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Devices to use, e.g. cpu:4 or cpu:4,cuda:0,cuda:1 (overrides execution.devices).",
            valueName: "list"))
    var devices: String?

    @Option(name: .long, help: "Most jobs at once (overrides execution.parallel).")
    var parallel: Int?

    @Flag(name: .long, help: "Run the jobs that failed in an earlier run again.")
    var retryFailed = false

    @Option(name: .long, help: "Most jobs the sweep may expand to.")
    var maxJobs: Int = Planner.defaultMaxJobs

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Where jobs run: local (this machine) or slurm (sbatch job arrays); overrides execution.backend.",
            valueName: "local|slurm"))
    var backend: BackendFlag?

    @Flag(
        name: .long,
        help:
            "Slurm: submit the whole sweep (with adaptive seeds: the current round) and exit at once; `status` or `run` collect it later."
    )
    var detach = false

    enum BackendFlag: String, ExpressibleByArgument, CaseIterable {
        case local, slurm
    }

    func run() throws {
        let (spec, expansion) = try SweepFileInput.expand(file, maxJobs: maxJobs)
        var plan = expansion.plan
        switch (backend, plan.execution.backend) {
        case (.slurm, .local): plan.execution.backend = .slurm(SlurmSettings())
        case (.local, .slurm): plan.execution.backend = .local
        default: break
        }
        if plan.execution.backend == .local, detach {
            throw CLIError(
                message: "--detach applies only to the Slurm backend (--backend slurm or execution.backend: slurm)")
        }
        // The sweep's strategy between rounds (adaptive seeds), if it has one (PolicyRounds).
        let policy = try SweepStrategy.policy(for: spec, maxJobs: maxJobs)
        if case .slurm(let settings) = plan.execution.backend {
            let outcome = try executeOnSlurm(plan, policy: policy, settings: settings, sweepSource: spec.source)
            throw ExitCode(outcome.exitCode)
        }
        let outcome = try execute(plan, policy: policy, sweepSource: spec.source)
        throw ExitCode(outcome.exitCode)
    }

    private func execute(_ start: Plan, policy: (any RoundPolicy)?, sweepSource: String) throws -> RunOutcome {
        var plan = start
        let deviceList = try devices.map(Self.devicesFlag) ?? plan.execution.devices
        let (runner, backend) = try RunnerSelection.make(for: plan, blocksweepPath: Self.ownExecutable())
        let layout = try SlotLayout.make(
            devices: deviceList, machine: .discover(), threads: plan.execution.threads,
            parallel: parallel ?? plan.execution.parallel, kinds: runner.slotKinds,
            devicesOrigin: devices != nil ? "--devices" : "\(file): execution.devices",
            threadsOrigin: "\(file): execution.threads")
        let folder = ResultsFolder(path: (results as NSString).appendingPathComponent(plan.name))
        for note in layout.notes { ConsoleOutput.err("note: \(note)\n") }

        var options = ExecutorOptions()
        options.retryFailed = retryFailed
        options.handleSignals = true
        options.sweepSource = sweepSource
        if let policy, policy.prunes { options.jobsToStop = { policy.jobsToStop($0) } }
        // The crash-safety tests' hook (CrashPoint.environmentVariable says what it does).
        if let crash = ProcessInfo.processInfo.environment[CrashPoint.environmentVariable] {
            options.crashAt = CrashPoint(crash)
        }
        let slotNames = layout.slots.map(\.name).joined(separator: ", ")
        var firstRound = true
        func round(_ plan: Plan) throws(SweepRunError) -> RunOutcome {
            let calibrations = plan.calibrations.isEmpty ? "" : " and \(plan.calibrations.count.counted("calibration"))"
            var options = options
            // --retry-failed retries what failed before this run, once: a job that fails again
            // stays failed in the rounds adaptive seeds add.
            options.retryFailed = retryFailed && firstRound
            firstRound = false
            options.onStart = {
                Self.say(
                    "\(plan.name): \(plan.jobs.count.counted("job"))\(calibrations) on \(slotNames) → \(folder.path)")
            }
            options.onNote = { Self.say("note: " + $0) }
            let progress: ProgressSink = isatty(STDOUT_FILENO) == 1 ? TerminalProgress() : PlainProgress()
            return try Executor(
                plan: plan, folder: folder, slots: layout.slots, runner: runner, backend: backend,
                progress: progress, options: options
            ).run()
        }
        let outcome = try Self.runRounds(&plan, policy: policy, folder: folder, round: round)
        if outcome.interrupted {
            Self.say("Stopped: \(outcome.done) of \(outcome.totalText) done; every finished result is kept.")
            Self.say("Resume with: \(Self.sameCommand())")
        } else {
            finish(plan, outcome, folder)
        }
        return outcome
    }

    /// The Slurm backend (SlurmRun): the same folder, journal, summary and report; adaptive
    /// seeds in the same rounds as locally (PolicyRounds), each round through Slurm.
    private func executeOnSlurm(
        _ start: Plan, policy: (any RoundPolicy)?, settings: SlurmSettings, sweepSource: String
    ) throws
        -> RunOutcome
    {
        var plan = start
        if let devices { plan.execution.devices = try Self.devicesFlag(devices) }
        if let parallel, parallel < 1 { throw SweepRunError.badInput("--parallel must be at least 1, got \(parallel)") }
        var slurm = SlurmRun(
            plan: plan, settings: settings, resultsRoot: results, parallel: parallel ?? plan.execution.parallel,
            retryFailed: retryFailed, detach: detach, sweepSource: sweepSource, say: { Self.say($0) })
        if let policy, policy.prunes { slurm.jobsToStop = { policy.jobsToStop($0) } }
        let folder = slurm.folder
        var firstRound = true
        func round(_ plan: Plan) throws(SweepRunError) -> RunOutcome {
            var run = slurm
            run.plan = plan
            // As locally: what failed before this run is retried once, not in every round.
            run.retryFailed = retryFailed && firstRound
            // Between rounds the folder is unlocked for a moment, and a `status` may be collecting
            // from Slurm then (it holds the lock for one look): a later round waits for it.
            let patience = Date().addingTimeInterval(firstRound ? 0 : 30)
            firstRound = false
            while true {
                do { return try run.run() } catch .locked where Date() < patience { usleep(200_000) }
            }
        }
        let outcome = try Self.runRounds(&plan, policy: policy, folder: folder, round: round)
        if outcome.interrupted {
            Self.say(
                "Stopped watching: \(outcome.done) of \(outcome.totalText) done; jobs still queued or "
                    + "running in Slurm go on unless `blocksweep cancel` stopped them. Re-attach (or, after a cancel, "
                    + "resume) with: \(Self.sameCommand()); `blocksweep cancel \(folder.path)` stops them.")
        } else if detach && outcome.notRun > 0 {
            let next =
                policy == nil
                ? "run the same command without --detach to collect them and write the report."
                : "adaptive seeds: the next round's seeds are decided from this round's results, so once these "
                    + "jobs have ended, run the same command again (with or without --detach) to collect them "
                    + "and submit the next seeds."
            Self.say(
                "Detached: \(outcome.notRunText) queued or running in Slurm. `blocksweep status \(folder.path)` "
                    + "shows progress; " + next)
        } else {
            finish(plan, outcome, folder)
        }
        return outcome
    }

    /// Runs `plan` once, or in the rounds of the sweep's round policy (PolicyRounds) when it has
    /// one; `plan` ends as the last round's.
    private static func runRounds(
        _ plan: inout Plan, policy: (any RoundPolicy)?, folder: ResultsFolder,
        round: (Plan) throws(SweepRunError) -> RunOutcome
    ) throws -> RunOutcome {
        guard let policy else { return try round(plan) }
        let (last, outcome) = try PolicyRounds(policy: policy, folder: folder, say: { say($0) }).run(
            plan, round: round)
        plan = last
        return outcome
    }

    /// The end of a run: the job counts, then the report (report.md, report.json, figures/).
    /// A report that cannot be written loses nothing: the results stay, and `blocksweep report`
    /// can be run on the folder later.
    private func finish(_ plan: Plan, _ outcome: RunOutcome, _ folder: ResultsFolder) {
        Self.say(RunSummary.render(plan: plan, outcome: outcome, folder: folder), newline: false)
        for job in plan.calibrations {
            if case .success(let summary) = CalibrationSummary.read(folder.result(job.id)) {
                let kinds = CalibrationPlanner.kindsTaken(in: plan, calibration: job.id)
                Self.say("calibration " + summary.note(id: job.id, kinds: kinds).text)
            }
        }
        if let savings = ForkSavings.measure(plan: plan, folder: folder) {
            Self.say(savings.line(after: outcome))
        }
        do {
            Self.say(try writeReport(resultsDir: folder.path, rules: plan.rules))
        } catch {
            ConsoleOutput.err(
                "warning: the report could not be written (\(error)); try: blocksweep report \(folder.path)\n")
        }
        if outcome.failed > 0 { Self.say("Run again with --retry-failed to retry the failed jobs.") }
    }

    /// Written at once, so it stays in order with the progress lines; lost when nobody reads.
    private static func say(_ text: String, newline: Bool = true) {
        ConsoleOutput.out(text + (newline ? "\n" : ""))
    }

    /// The blocksweep binary running now: builtin jobs run `bench` with it.
    static func ownExecutable() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? Bundle.main.executablePath ?? CommandLine.arguments[0]
    }

    /// `--devices`, read by the same DeviceSpec.list as `execution.devices`.
    static func devicesFlag(_ text: String) throws(SweepRunError) -> [DeviceSpec] {
        switch DeviceSpec.list(text) {
        case .success(let specs): return specs
        case .failure(let problem): throw .badInput("--devices: \(problem)")
        }
    }

    /// This invocation as a shell line, for the resume hint.
    static func sameCommand() -> String {
        ShellQuote.line(["blocksweep"] + CommandLine.arguments.dropFirst())
    }
}
