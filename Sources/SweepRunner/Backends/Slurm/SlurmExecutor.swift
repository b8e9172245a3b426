import Foundation
import SweepKit
import Vocabulary

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a plan through Slurm: submits every job that can go at once as job arrays, with their
/// dependencies expressed to Slurm, so the sweep runs to its end even if this runner dies;
/// then watches the tasks (squeue, sacct when accounting exists, the launcher's outcome files)
/// and records every state change in the same journal the local executor writes. The journal
/// keeps each attempt's Slurm task id: a later run (or `status`) re-attaches to those tasks and
/// submits nothing twice. Ctrl-C stops watching; the jobs go on in Slurm.
package final class SlurmExecutor {
    let plan: Plan
    let folder: ResultsFolder
    let runner: JobRunner
    let client: SlurmClient
    let settings: SlurmSettings
    let progress: ProgressSink
    let options: SlurmRunOptions

    var jobs: [JobState] = []
    /// What resuming found priced by other prices and so runs again (PricingCheck.notes).
    var repricingNotes: [String] = []
    var indexByID: [String: Int] = [:]
    /// Attempts in Slurm's hands, by job index.
    var open: [Int: SlurmAttempt] = [:]
    var journal: Journal!
    let events = EventQueue()
    var stopping = false
    var startedAt = Date()
    var durations: [Double] = []
    /// Jobs (calibrations aside) that ended done in this run: RunOutcome.doneThisRun.
    var jobsDoneThisRun = 0
    /// One line per array submitted by this run ("12: 4 jobs, afterok:11").
    package internal(set) var submissions: [String] = []
    lazy var label = JobLabel(plan: plan)
    /// Prefix forking's snapshots: this watcher deletes them once no job can still need them.
    lazy var forks = ForkBook(jobs: jobs, indexByID: indexByID)

    package init(
        plan: Plan, folder: ResultsFolder, runner: JobRunner, client: SlurmClient, settings: SlurmSettings,
        progress: ProgressSink = SilentProgress(), options: SlurmRunOptions = SlurmRunOptions()
    ) {
        self.plan = plan
        self.folder = folder
        self.runner = runner
        self.client = client
        self.settings = settings
        self.progress = progress
        self.options = options
    }

    /// Runs the plan to the end (or until interrupted, or only submits with `detach`, or only
    /// collects with `collectOnly`). Throws on bad input or a locked folder before anything is
    /// submitted, and when sbatch refuses a submission.
    package func run() throws(SweepRunError) -> RunOutcome {
        try indexJobs()
        try FileManager.default.createDirectoryIfNeeded(folder.path)
        let lock = try RunLock(folder: folder.path)
        defer { withExtendedLifetime(lock) {} }
        if !options.collectOnly { try folder.prepare(plan: plan, sweepSource: options.sweepSource) }
        journal = try Journal(path: folder.journal)
        journal.session = lock.started
        try restoreState()
        try adoptUnjournaledSubmissions()
        options.onStart?()
        for note in repricingNotes { options.onNote?(note) }
        let signalSources = options.handleSignals ? events.postInterrupts() : []
        defer { EventQueue.stopPosting(signalSources) }
        startedAt = Date()
        if options.collectOnly {
            _ = try poll()
            try skipBlockedJobs()
            forks.update(jobs: jobs, indexByID: indexByID, folder: folder)
            return outcome()
        }
        // What ended while no runner watched is recorded before anything new is submitted.
        if !open.isEmpty { _ = try poll() }
        try loop()
        if !options.detach { progress.finish(snapshot()) }
        return outcome()
    }

    private func loop() throws(SweepRunError) {
        var wait = options.firstPoll
        while true {
            try skipBlockedJobs()
            forks.update(jobs: jobs, indexByID: indexByID, folder: folder)
            if !stopping { try submitReady() }
            if options.detach { return }
            if open.isEmpty {
                // Pending jobs that could not be submitted wait on each other: a cycle.
                for i in jobs.indices where jobs[i].phase == .pending && !stopping {
                    try skip(i, reason: "its dependencies form a cycle")
                }
                return
            }
            waitForNews(upTo: options.jobsToStop == nil ? wait : min(wait, options.progressPollSeconds))
            if stopping { return }
            let changed = try poll()
            try stopWhatThePolicyAsks()
            wait = changed ? options.firstPoll : min(options.longestPoll, wait * 2)
            if progress.tickInterval != nil { progress.tick(snapshot()) }
        }
    }

    /// Waits up to `seconds` between looks at Slurm, ending early on Ctrl-C or as soon as a
    /// task's launcher leaves its outcome file: a task that ended is collected at once (and the
    /// jobs after it submitted), not at the next look, which backs off to `longestPoll` while
    /// nothing changes. A look at one folder is far cheaper than asking Slurm.
    private func waitForNews(upTo seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        let outcomes = slurmFolder + "/outcomes"
        let before = (try? FileManager.default.contentsOfDirectory(atPath: outcomes).count) ?? 0
        repeat {
            for event in events.take(until: min(deadline, Date().addingTimeInterval(options.firstPoll))) {
                if case .interrupt = event { stopping = true }
            }
            if stopping { return }
        } while Date() < deadline
            && ((try? FileManager.default.contentsOfDirectory(atPath: outcomes).count) ?? 0) == before
    }

    private func indexJobs() throws(SweepRunError) {
        indexByID = [:]
        for (i, job) in plan.allJobs.enumerated() {
            guard indexByID.updateValue(i, forKey: job.id) == nil else {
                throw .badInput("the plan holds job \(job.id) twice")
            }
        }
        for job in plan.allJobs {
            for dependency in job.prerequisites where indexByID[dependency] == nil {
                throw .badInput("job \(job.id) depends on \(dependency), which is not in the plan")
            }
        }
    }

    /// Rebuilds each job's state from the journal (as `run` and `status` read it): done jobs
    /// stay done, attempts with a Slurm task are watched again, never submitted twice.
    private func restoreState() throws(SweepRunError) {
        let records = JournalReplay.read(folder).records
        let standings = JobStanding.all(plan: plan, folder: folder, records: records, jobs: plan.allJobs)
        let budget = plan.execution.retries + 1
        jobs = []
        open = [:]
        var checks = ResumeChecks(folder: folder, runner: runner, journal: journal)
        for (i, job) in plan.allJobs.enumerated() {
            let record = records[job.id] ?? JobRecord()
            var state = JobState(resuming: job, record: record, budget: budget)
            switch standings[i] {
            case .done(journaled: true):
                state.reason = try checks.rerunReason(ofDone: job, attempts: record.attempts)
                if state.reason == nil { state.phase = .done }
            case .done(journaled: false):
                state.reason = try checks.takeFoundResult(
                    of: job, attempts: record.attempts, slurm: record.running?.slurm)
                if state.reason == nil { state.phase = .done }
            case .lostResult(let problem):
                state.reason = try checks.journalLostResult(job.id, problem: problem, attempt: record.attempts)
            case .running(let attempt):
                if let task = attempt.slurm {
                    let since = Journal.date(from: attempt.since) ?? Date()
                    open[i] = SlurmAttempt(
                        attempt: attempt.attempt, task: task, submitted: since, started: attempt.queued ? nil : since,
                        device: attempt.device ?? SlurmAttempt.device(task: task, node: nil))
                    state.phase = .running
                    state.attemptsLeft -= 1
                } else {
                    // A local runner's attempt (the sweep file's backend changed): it runs again.
                    try journal.append(
                        JournalEntry(
                            time: Journal.timestamp(), job: job.id, event: .failed, attempt: attempt.attempt,
                            device: attempt.device, reason: JobRecord.interruptedReason, final: false), sync: true)
                }
            case .failed:
                state.phase = options.retryFailed ? .pending : .failed
            case .stoppedEarly:
                state.phase = .stoppedEarly
            case .skipped, .pending:
                break
            }
            if job.isCalibration {
                checks.pricing.note(
                    calibration: job, done: state.phase == .done, measuredBefore: record.attempts > 0,
                    reason: state.reason, folder: folder)
            }
            jobs.append(state)
        }
        repricingNotes = checks.pricing.notes
    }

    func report(
        _ kind: ProgressEvent.Kind, _ i: Int, device: String? = nil, reason: String? = nil, seconds: Double? = nil
    ) {
        progress.event(
            ProgressEvent(kind, jobs[i], label: label, device: device, reason: reason, seconds: seconds), snapshot())
    }

    func snapshot() -> ProgressSnapshot {
        var s = ProgressSnapshot()
        s.total = jobs.count
        for (i, job) in jobs.enumerated() {
            switch job.phase {
            case .done: s.done += 1
            case .failed: s.failed += 1
            case .skipped: s.skipped += 1
            case .stoppedEarly: s.stoppedEarly += 1
            case .pending: s.queued += 1
            case .running: if open[i]?.started == nil { s.queued += 1 }
            }
        }
        s.running = open.sorted { $0.key < $1.key }.compactMap { i, attempt in
            attempt.started.map {
                ProgressSnapshot.RunningJob(
                    id: jobs[i].job.id, label: label.text(jobs[i].job), device: attempt.device, since: $0,
                    attempt: attempt.attempt,
                    progress: progress.showsSteps
                        ? ProgressReader.latest(job: jobs[i].job.id, path: folder.progress(jobs[i].job.id)) : nil)
            }
        }
        s.devices = s.running.map(\.device)
        s.elapsed = Date().timeIntervalSince(startedAt)
        if !durations.isEmpty, !s.running.isEmpty {
            let mean = durations.reduce(0, +) / Double(durations.count)
            s.eta = mean * Double(s.queued + s.running.count) / Double(s.running.count)
        }
        return s
    }

    /// The peak of the snapshots is what this watcher saw: a detached sweep's collecting run
    /// cannot see those deleted before it looked, so it gives none when it saw none.
    func outcome() -> RunOutcome {
        var outcome = RunOutcome(jobs: jobs, interrupted: stopping, label: label)
        outcome.doneThisRun = jobsDoneThisRun
        if forks.peakBytes > 0 { outcome.forkSnapshotPeakBytes = forks.peakBytes }
        return outcome
    }
}
