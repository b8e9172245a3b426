import Foundation
import SweepKit
import Vocabulary

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a plan's jobs in a results folder: resumes from the journal, launches ready jobs on
/// free slots, honours dependencies, retries, timeouts and Ctrl-C, and records every state
/// change in the journal before acting on it.
package final class Executor {
    let plan: Plan
    let folder: ResultsFolder
    let slots: [Slot]
    let runner: JobRunner
    let backend: JobBackend
    let progress: ProgressSink
    let options: ExecutorOptions

    var jobs: [JobState] = []
    var indexByID: [String: Int] = [:]
    var dependents: [[Int]] = []
    var running: [Int32: RunningAttempt] = [:]
    /// Attempts the journal leaves open (a killed runner's), settled once slots are free.
    var leftovers: [(jobIndex: Int, open: JobRecord.RunningAttempt)] = []
    var freeSlots: [Int] = []
    var journal: Journal!
    let events = EventQueue()
    var stopping = false
    var startedAt = Date()
    var durations: [Double] = []
    /// Jobs (calibrations aside) that ended done in this run: RunOutcome.doneThisRun.
    var jobsDoneThisRun = 0
    var crashCounts: [CrashPoint.Place: Int] = [:]
    lazy var baseEnvironment = ProcessInfo.processInfo.environment
    lazy var label = JobLabel(plan: plan)
    /// What resuming found priced by other prices than the folder's calibrations hold now, and
    /// so runs again (PricingCheck.notes), said once the run starts.
    var repricingNotes: [String] = []
    /// Prefix forking's bookkeeping (Executor+Fork), once the jobs are known.
    lazy var forks = ForkBook(jobs: jobs, indexByID: indexByID)

    package init(
        plan: Plan, folder: ResultsFolder, slots: [Slot], runner: JobRunner, backend: JobBackend,
        progress: ProgressSink = SilentProgress(), options: ExecutorOptions = ExecutorOptions()
    ) {
        self.plan = plan
        self.folder = folder
        self.slots = slots
        self.runner = runner
        self.backend = backend
        self.progress = progress
        self.options = options
    }

    /// Runs the plan to the end (or until interrupted). Throws on bad input or when the folder
    /// is locked by another runner, before anything runs.
    package func run() throws(SweepRunError) -> RunOutcome {
        guard !slots.isEmpty else { throw .badInput("no device to run jobs on") }
        try checkDependencies()
        try FileManager.default.createDirectoryIfNeeded(folder.path)
        let lock = try RunLock(folder: folder.path)
        defer { withExtendedLifetime(lock) {} }
        try folder.prepare(plan: plan, sweepSource: options.sweepSource)
        journal = try Journal(path: folder.journal)
        journal.session = lock.started
        try restoreState()
        options.onStart?()
        for note in repricingNotes { options.onNote?(note) }

        let signalSources = options.handleSignals ? installSignalHandlers() : []
        defer { removeSignalHandlers(signalSources) }
        startedAt = Date()
        freeSlots = Array(slots.indices)
        do {
            try settleLeftovers()
            try loop()
        } catch {
            // The journal or the results folder cannot be written (a full disk): end the jobs
            // rather than leave them running with no one to record them.
            for pid in running.keys { backend.signal(pid, SIGKILL) }
            throw error
        }
        let snapshot = self.snapshot()
        progress.finish(snapshot)
        var outcome = outcome()
        if !forks.dependents.isEmpty { outcome.forkSnapshotPeakBytes = forks.peakBytes }
        return outcome
    }

    private func loop() throws(SweepRunError) {
        while true {
            updateForks()
            if !stopping {
                try skipBlockedJobs()
                try launchReadyJobs()
            }
            if running.isEmpty {
                if stopping || !jobs.contains(where: { $0.phase == .pending }) { return }
                // A job whose process could not start is pending again with retries left.
                if !readyOrder().isEmpty { continue }
                // Pending jobs, none ready, nothing running: their dependencies form a cycle.
                for i in jobs.indices where jobs[i].phase == .pending {
                    try skip(i, reason: "its dependencies form a cycle")
                }
                return
            }
            let now = Date()
            // Exits and Ctrl-C wake the queue themselves; only deadlines and redraws need a timer.
            var wake = now.addingTimeInterval(progress.tickInterval ?? 3600)
            if options.jobsToStop != nil { wake = min(wake, now.addingTimeInterval(options.progressPollSeconds)) }
            for attempt in running.values {
                if let d = attempt.killAt ?? (attempt.timedOut ? nil : attempt.deadline), d < wake { wake = d }
            }
            for event in events.take(until: wake) {
                switch event {
                case .exited(let pid, let status): try finish(pid: pid, status: status)
                case .leftoverEnded(let pid): try finish(pid: pid, status: nil)
                case .interrupt: interrupt()
                }
            }
            enforceDeadlines(now: Date())
            try stopWhatThePolicyAsks()
            if progress.tickInterval != nil { progress.tick(snapshot()) }
        }
    }

    // MARK: launching

    private func launchReadyJobs() throws(SweepRunError) {
        guard !freeSlots.isEmpty else { return }
        var ready = readyOrder()
        // A calibration measures step times: it runs one at a time, before any other job
        // starts, with the other slots kept for the busy neighbours it starts there itself
        // (JobRunner.calibrationNeighbourArguments), so it prices steps as they run side by side.
        if jobs.prefix(plan.calibrations.count).contains(where: { $0.phase == .pending || $0.phase == .running }) {
            ready = running.isEmpty ? Array(ready.filter { jobs[$0].job.isCalibration }.prefix(1)) : []
        }
        if !ready.isEmpty && diskIsFull { throw DiskSpace.fullError(folder.path) }
        for i in ready {
            guard let slotIndex = freeSlots.first else { return }
            freeSlots.removeFirst()
            try launch(i, slotIndex: slotIndex)
        }
    }

    /// No byte left where the results go: nothing a job writes can be kept.
    var diskIsFull: Bool { options.freeBytes(folder.path) == 0 }

    /// Pending jobs whose dependencies are done; jobs others wait for go first, then plan order.
    private func readyOrder() -> [Int] {
        let ready = jobs.indices.filter { i in
            jobs[i].phase == .pending && jobs[i].job.requirements.allSatisfy { jobs[indexByID[$0]!].phase == .done }
                && jobs[i].job.forkFrom.map { jobs[indexByID[$0]!].phase.hasEnded } ?? true
        }
        return ready.filter { !dependents[$0].isEmpty } + ready.filter { dependents[$0].isEmpty }
    }

    private func launch(_ i: Int, slotIndex: Int) throws(SweepRunError) {
        let job = jobs[i].job
        let slot = slots[slotIndex]
        let attempt = jobs[i].attempt + 1
        jobs[i].attempt = attempt
        jobs[i].attemptsLeft -= 1
        jobs[i].phase = .running
        try FileManager.default.createDirectoryIfNeeded(folder.jobFolder(job.id))
        let partial = folder.partialResult(job.id, attempt: attempt)
        unlink(partial)
        // An earlier attempt's steps are not this one's.
        unlink(folder.progress(job.id))
        let argv =
            runner.arguments(
                for: job, slot: slot, resultPath: partial,
                baselineResults: job.dependsOn.map(folder.result),
                calibrationResult: job.calibration.map(folder.result)) + (try forkArguments(for: i))
            + (job.isCalibration ? runner.calibrationNeighbourArguments(freeSlots.map { slots[$0] }) : [])
        let launch = JobLaunch(
            jobID: job.id, argv: argv, environment: environment(for: job, slot: slot, result: partial),
            slot: slot, stdoutPath: folder.stdout(job.id), stderrPath: folder.stderr(job.id),
            header: "== blocksweep: attempt \(attempt) on \(slot.name) at \(Journal.timestamp()): "
                + ShellQuote.line(argv) + "\n")
        let events = self.events
        let pid: Int32
        do {
            pid = try backend.start(launch) { handle, status in events.post(.exited(pid: handle, status: status)) }
        } catch {
            try journal.append(
                JournalEntry(
                    time: Journal.timestamp(), job: job.id, event: .started, attempt: attempt,
                    device: slot.name), sync: false)
            freeSlots.append(slotIndex)
            try recordFailure(i, reason: error.description, device: slot.name, seconds: 0)
            return
        }
        let now = Date()
        running[pid] = RunningAttempt(
            jobIndex: i, slotIndex: slotIndex, attempt: attempt, started: now,
            deadline: plan.execution.timeoutSeconds.map { now.addingTimeInterval($0) },
            partialPath: partial)
        // Not synced: losing it in a crash only means the attempt runs again.
        try journal.append(
            JournalEntry(
                time: Journal.timestamp(now), job: job.id, event: .started, attempt: attempt,
                device: slot.name, pid: pid), sync: false)
        report(.started, i, device: slot.name)
        crashIfAsked(.afterStart)
    }

    /// The job's environment: the runner's own, plus its device and thread settings.
    private func environment(for job: Job, slot: Slot, result: String) -> [String: String] {
        JobEnvironment.make(
            base: baseEnvironment, job: job, slot: slot, result: result, progress: folder.progress(job.id),
            threads: plan.execution.threads)
    }
}
