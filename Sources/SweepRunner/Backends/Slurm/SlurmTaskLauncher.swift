import CSweepSupport
import Dispatch
import Foundation
import SweepKit
import Vocabulary

#if canImport(Glibc)
    import Glibc
#endif

/// Runs inside one Slurm array task (`blocksweep slurm-task FOLDER TABLE`): finds its job by
/// SLURM_ARRAY_TASK_ID, runs the same command the local executor would (same runner, argv,
/// environment and log files), checks the result and renames it into place atomically, so
/// jobs that wait for this one find it, then leaves a SlurmTaskOutcome for the runner.
package struct SlurmTaskLauncher {
    package var folder: ResultsFolder
    package var tablePath: String
    package var blocksweepPath: String
    package var environment: [String: String]

    package init(folder: ResultsFolder, tablePath: String, blocksweepPath: String, environment: [String: String]) {
        self.folder = folder
        self.tablePath = tablePath
        self.blocksweepPath = blocksweepPath
        self.environment = environment
    }

    /// Runs the task's job; returns the exit status the task should end with (0: done).
    package func run() throws(SweepRunError) -> Int32 {
        guard let text = environment["SLURM_ARRAY_TASK_ID"], let index = Int(text) else {
            throw .badInput("slurm-task runs inside a Slurm array task (SLURM_ARRAY_TASK_ID is not set)")
        }
        guard let entry = try SlurmTaskTable.read(tablePath).entry(index: index) else {
            throw .system("\(tablePath) names no job for task \(index)")
        }
        let plan = try folder.readPlan()
        guard let job = plan.allJobs.first(where: { $0.id == entry.job }) else {
            throw .system("job \(entry.job) is not in \(folder.planFile)")
        }
        let runner = try RunnerSelection.runner(for: plan, blocksweepPath: blocksweepPath)
        let slot = taskSlot(plan: plan, runner: runner)
        let node = environment["SLURMD_NODENAME"] ?? ProcessInfo.processInfo.hostName
        try FileManager.default.createDirectoryIfNeeded(folder.jobFolder(job.id))
        let partial = folder.partialResult(job.id, attempt: entry.attempt)
        unlink(partial)
        unlink(folder.progress(job.id))
        let argv =
            runner.arguments(
                for: job, slot: slot, resultPath: partial, baselineResults: job.dependsOn.map(folder.result),
                calibrationResult: job.calibration.map(folder.result))
            + (try forkArguments(job, plan: plan, runner: runner))
        let env = JobEnvironment.make(
            base: environment, job: job, slot: slot, result: partial, progress: folder.progress(job.id),
            threads: plan.execution.threads)
        let taskID = (environment["SLURM_ARRAY_JOB_ID"] ?? "?") + "_\(index)"
        let header =
            "== blocksweep: attempt \(entry.attempt) on \(slot.name) (slurm \(taskID) on \(node)) at "
            + "\(Journal.timestamp()): " + ShellQuote.line(argv) + "\n"
        let started = Date()
        // Not pinned: Slurm places the task (cgroups or its task plugin bind it where set up).
        let pid = try ProcessLauncher.spawn(
            argv: argv, environment: env, stdoutPath: folder.stdout(job.id), stderrPath: folder.stderr(job.id),
            cores: [], header: header)
        let forwarding = forwardSignals(to: pid)
        let deadline = plan.execution.timeoutSeconds.map { TaskDeadline(pid: pid, seconds: $0) }
        defer { withExtendedLifetime(forwarding) {} }
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        deadline?.disarm()
        let status = ExitStatus(waitStatus: raw)
        let seconds = Date().timeIntervalSince(started)
        folder.capLogs(job.id)

        var outcome = SlurmTaskOutcome(
            succeeded: false, reason: nil, retryable: true, seconds: seconds, device: slot.name, node: node)
        if let timeout = plan.execution.timeoutSeconds, deadline?.fired == true {
            // The words the local executor uses for the same ending.
            outcome.reason = "timed out after \(NumberText.duration(timeout))"
        } else if !status.isSuccess {
            outcome.reason = status.description + folder.lastErrorLine(job.id).map { ": \($0)" }.orEmpty
        } else if plan.runner.writesResult {
            if let problem = ResultCheck.check(at: partial, job: job, runner: runner) {
                outcome.reason = problem.reason
                outcome.retryable = problem.retryable
            } else {
                try AtomicFile.commit(partial, to: folder.result(job.id))
                outcome.succeeded = true
            }
        } else {
            outcome.succeeded = true
        }
        let outcomePath = SlurmTaskOutcome.path(folder, job: job.id, attempt: entry.attempt)
        try FileManager.default.createDirectoryIfNeeded((outcomePath as NSString).deletingLastPathComponent)
        try outcome.write(to: outcomePath)
        if outcome.succeeded { return 0 }
        if case .exited(let code) = status, code != 0 { return code }
        return 1
    }

    /// The fork flags, decided here at launch as the local executor decides them (ForkLaunch):
    /// only now do the records of the sources this task waited on exist. The dependents still
    /// to run are those with no result yet.
    private func forkArguments(_ job: Job, plan: Plan, runner: JobRunner) throws(SweepRunError) -> [String] {
        let byID = Dictionary(plan.allJobs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let sources = { (job: Job) in ForkBook.sources(of: job) { byID[$0] } }
        let dependents = plan.allJobs.filter {
            $0.forkFrom != nil && sources($0).contains(job.id)
                && !FileManager.default.fileExists(atPath: folder.result($0.id))
        }
        var argv: [String] = []
        if !dependents.isEmpty {
            argv += try ForkLaunch.recordArguments(source: job, dependents: dependents, folder: folder, runner: runner)
        }
        return argv + ForkLaunch.startArguments(for: job, sources: sources(job), folder: folder, runner: runner)
    }

    /// The slot the job sees: the GPU Slurm gave it, or the task's CPUs (`{device}`, thread
    /// count and environment read it, as they read a local slot).
    private func taskSlot(plan: Plan, runner: JobRunner) -> Slot {
        if SlurmResources.usesGPUs(plan, runner: runner),
            let first = environment["CUDA_VISIBLE_DEVICES"]?.split(separator: ",").first, let gpu = Int(first)
        {
            return .cuda(gpu)
        }
        var cores = [Int32](repeating: 0, count: 4096)
        let count = Int(sweep_thread_affinity(&cores, Int32(cores.count)))
        let allowed = count > 0 ? cores.prefix(count).map(Int.init) : [0]
        let wanted = Int(environment["SLURM_CPUS_PER_TASK"] ?? "") ?? max(1, plan.execution.threads)
        return .cpu(Array(allowed.prefix(max(1, wanted))))
    }

    /// The sweep's `timeout`, kept to the second as the local executor keeps it: SIGTERM to the
    /// job's group at the timeout, SIGKILL after the same grace. Slurm's own `--time` is whole
    /// minutes (SlurmResources.timeLimit), so it stays only as the backstop for a stuck launcher.
    final class TaskDeadline: @unchecked Sendable {
        private let lock = NSLock()
        private var didFire = false
        private var timers: [DispatchWorkItem] = []

        init(pid: pid_t, seconds: Double, grace: Double = ExecutorOptions().killGrace) {
            let term = DispatchWorkItem { [self] in
                markFired()
                ProcessLauncher.signalGroup(pid, SIGTERM)
            }
            let kill = DispatchWorkItem { ProcessLauncher.signalGroup(pid, SIGKILL) }
            timers = [term, kill]
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: term)
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds + grace, execute: kill)
        }

        private func markFired() {
            lock.lock()
            defer { lock.unlock() }
            didFire = true
        }

        /// Whether the timeout ended the job.
        var fired: Bool {
            lock.lock()
            defer { lock.unlock() }
            return didFire
        }

        /// The job has ended: no signal may reach a process that reuses its id.
        func disarm() {
            for timer in timers { timer.cancel() }
            timers = []
        }
    }

    /// Slurm's SIGTERM (time limit, scancel) goes to the job's whole process group too.
    private func forwardSignals(to pid: pid_t) -> [DispatchSourceSignal] {
        [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { ProcessLauncher.signalGroup(pid, number) }
            source.resume()
            return source
        }
    }
}
