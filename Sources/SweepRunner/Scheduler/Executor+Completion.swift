import Foundation
import SweepKit
import Vocabulary

#if canImport(Glibc)
    import Glibc
#endif

/// How attempts end: success commits the result, failure retries or gives up, a failed
/// baseline skips what waits for it.
extension Executor {
    /// An attempt's process ended. `status` is nil for an adopted process (not our child):
    /// its result file alone tells how it went.
    func finish(pid: Int32, status: ExitStatus?) throws(SweepRunError) {
        guard let attempt = running.removeValue(forKey: pid) else { return }
        freeSlots.append(attempt.slotIndex)
        freeSlots.sort()
        let device = slots[attempt.slotIndex].name
        let seconds = Date().timeIntervalSince(attempt.started)
        if let reason = attempt.stoppedEarly {
            endStoppedEarly(attempt.jobIndex, reason: reason, partialPath: attempt.partialPath, device: device)
            report(.stoppedEarly, attempt.jobIndex, device: device, reason: reason, seconds: seconds)
            return
        }
        try conclude(
            attempt.jobIndex, attempt: attempt.attempt, partialPath: attempt.partialPath, status: status,
            timedOut: attempt.timedOut, interrupted: attempt.interrupted, device: device, seconds: seconds)
    }

    /// Asks the round policy which running jobs to stop, from each one's last step, and stops
    /// them: the journal says `stopped_early` first, then the job gets SIGTERM (SIGKILL after
    /// the grace). Its end is then neither a failure nor retried.
    func stopWhatThePolicyAsks() throws(SweepRunError) {
        guard let ask = options.jobsToStop, !running.isEmpty else { return }
        var pidOf: [String: Int32] = [:]
        for (pid, attempt) in running where attempt.stoppedEarly == nil && !attempt.timedOut && !attempt.interrupted {
            pidOf[jobs[attempt.jobIndex].job.id] = pid
        }
        let progress = ProgressReader.latest(jobs: Array(pidOf.keys), folder: folder)
        guard !progress.isEmpty else { return }
        for request in ask(progress) {
            guard let pid = pidOf.removeValue(forKey: request.job), let attempt = running[pid] else { continue }
            try journal.append(
                JournalEntry(
                    time: Journal.timestamp(), job: request.job, event: .stoppedEarly, attempt: attempt.attempt,
                    device: slots[attempt.slotIndex].name, reason: request.reason), sync: true)
            running[pid]?.stoppedEarly = request.reason
            backend.signal(pid, SIGTERM)
            running[pid]?.killAt = Date().addingTimeInterval(options.killGrace)
        }
    }

    /// A job its policy stopped: ended for good, its partial result (if any) dropped.
    func endStoppedEarly(_ i: Int, reason: String, partialPath: String, device: String) {
        folder.capLogs(jobs[i].job.id)
        unlink(partialPath)
        jobs[i].phase = .stoppedEarly
        jobs[i].reason = reason
    }

    /// Puts job `i` back in the queue without using up the attempt, journaling why (not final).
    private func requeue(_ i: Int, attempt: Int, device: String, reason: String) throws(SweepRunError) {
        jobs[i].phase = .pending
        jobs[i].attemptsLeft += 1
        try journal.append(
            JournalEntry(
                time: Journal.timestamp(), job: jobs[i].job.id, event: .failed, attempt: attempt,
                device: device, reason: reason, final: false), sync: true)
    }

    /// Records how an attempt ended: this runner's own child, an adopted one, or one that ended
    /// while no runner was alive.
    func conclude(
        _ i: Int, attempt: Int, partialPath: String, status: ExitStatus?, timedOut: Bool, interrupted: Bool,
        device: String, seconds: Double
    ) throws(SweepRunError) {
        let id = jobs[i].job.id
        // The attempt has ended, however it ended: its logs keep their head and tail (LogCap).
        folder.capLogs(id)
        if interrupted {
            try requeue(i, attempt: attempt, device: device, reason: JobRecord.interruptedReason)
            report(.interrupted, i, device: device, seconds: seconds)
            return
        }
        var problem: ResultCheck.Problem?
        if timedOut {
            problem = .init(
                reason: "timed out after \(NumberText.duration(plan.execution.timeoutSeconds ?? seconds))",
                retryable: true)
        } else if let status, !status.isSuccess {
            problem = .init(reason: status.description + lastErrorLine(id).map { ": \($0)" }.orEmpty, retryable: true)
        } else if status == nil && !FileManager.default.fileExists(atPath: partialPath) {
            problem = .init(
                reason: "no result: the job outlived a killed runner and ended without writing its result file "
                    + "(\(partialPath))" + lastErrorLine(id).map { "; its last error line: \($0)" }.orEmpty,
                retryable: true)
        } else if plan.runner.writesResult {
            problem = ResultCheck.check(at: partialPath, job: jobs[i].job, runner: runner)
        }
        if let problem {
            // A full disk, not the job, is the likely cause: the attempt does not count, and
            // the run stops (exit 3) rather than fail every job left on the same disk.
            if diskIsFull
                || DiskSpace.jobMetFullResultsDisk(
                    errorLine: folder.lastErrorLine(id, limit: .max), folder: folder.path,
                    freeBytes: options.freeBytes(folder.path))
            {
                try requeue(i, attempt: attempt, device: device, reason: JobRecord.diskFullPrefix + problem.reason)
                throw DiskSpace.fullError(folder.path)
            }
            try recordFailure(i, reason: problem.reason, device: device, seconds: seconds, retryable: problem.retryable)
            return
        }
        // A command without {result} succeeds on its exit status alone: nothing to commit.
        if plan.runner.writesResult {
            crashIfAsked(.beforeRename)
            try AtomicFile.commit(partialPath, to: folder.result(id))
            crashIfAsked(.afterRename)
        }
        try journal.append(
            JournalEntry(
                time: Journal.timestamp(), job: id, event: .done, attempt: attempt,
                device: device), sync: true)
        crashIfAsked(.afterDone)
        jobs[i].phase = .done
        jobs[i].reason = nil
        durations.append(seconds)
        if !jobs[i].job.isCalibration { jobsDoneThisRun += 1 }
        report(.done, i, device: device, seconds: seconds)
    }

    /// A failed attempt: another try while the budget lasts (and a try could help), else failed
    /// for good.
    func recordFailure(
        _ i: Int, reason: String, device: String, seconds: Double,
        retryable: Bool = true
    ) throws(SweepRunError) {
        let final = jobs[i].fail(reason: reason, retryable: retryable)
        try journal.append(
            JournalEntry(
                time: Journal.timestamp(), job: jobs[i].job.id, event: .failed,
                attempt: jobs[i].attempt, device: device, reason: reason, final: final), sync: true)
        report(final ? .failed : .retrying, i, device: device, reason: reason, seconds: seconds)
    }

    /// Marks pending jobs whose dependency failed for good (or was skipped) as skipped.
    func skipBlockedJobs() throws(SweepRunError) {
        var changed = true
        while changed {
            changed = false
            for i in jobs.indices where jobs[i].phase == .pending {
                guard let reason = JobState.blocker(of: i, in: jobs, indexByID: indexByID) else { continue }
                try skip(i, reason: reason)
                changed = true
            }
        }
    }

    func skip(_ i: Int, reason: String) throws(SweepRunError) {
        jobs[i].phase = .skipped
        jobs[i].reason = reason
        // A resume re-derives the same skip; the journal needs it once.
        guard jobs[i].journaledSkip != reason else { return }
        jobs[i].journaledSkip = reason
        try journal.append(
            JournalEntry(
                time: Journal.timestamp(), job: jobs[i].job.id, event: .skipped,
                attempt: jobs[i].attempt, reason: reason), sync: true)
        report(.skipped, i, reason: reason)
    }

    /// Ctrl-C: stop launching and end the running jobs (a second Ctrl-C ends them at once).
    func interrupt() {
        let now = Date()
        let force = stopping
        stopping = true
        for (pid, attempt) in running {
            running[pid]?.interrupted = true
            if force {
                backend.signal(pid, SIGKILL)
            } else if attempt.killAt == nil {
                backend.signal(pid, SIGTERM)
                running[pid]?.killAt = now.addingTimeInterval(options.killGrace)
            }
        }
    }

    /// Timeouts send SIGTERM to the job's group; SIGKILL follows after the grace period.
    func enforceDeadlines(now: Date) {
        for (pid, attempt) in running {
            if let killAt = attempt.killAt, killAt <= now {
                backend.signal(pid, SIGKILL)
                running[pid]?.killAt = .distantFuture
            } else if !attempt.timedOut, !attempt.interrupted, let deadline = attempt.deadline, deadline <= now {
                backend.signal(pid, SIGTERM)
                running[pid]?.timedOut = true
                running[pid]?.killAt = now.addingTimeInterval(options.killGrace)
            }
        }
    }

    func report(
        _ kind: ProgressEvent.Kind, _ i: Int, device: String? = nil, reason: String? = nil, seconds: Double? = nil
    ) {
        progress.event(
            ProgressEvent(kind, jobs[i], label: label, device: device, reason: reason, seconds: seconds), snapshot())
    }

    func crashIfAsked(_ place: CrashPoint.Place) {
        guard let crash = options.crashAt, crash.place == place else { return }
        crashCounts[place, default: 0] += 1
        if crashCounts[place] == crash.count { kill(getpid(), SIGKILL) }
    }

    /// The last non-empty line the job wrote to stderr, for the failure reason.
    func lastErrorLine(_ id: String) -> String? { folder.lastErrorLine(id) }

    func snapshot() -> ProgressSnapshot {
        var s = ProgressSnapshot()
        s.total = jobs.count
        for job in jobs {
            switch job.phase {
            case .done: s.done += 1
            case .failed: s.failed += 1
            case .skipped: s.skipped += 1
            case .stoppedEarly: s.stoppedEarly += 1
            case .pending: s.queued += 1
            case .running: break
            }
        }
        s.running = running.values.sorted { $0.slotIndex < $1.slotIndex }.map { attempt in
            let id = jobs[attempt.jobIndex].job.id
            return ProgressSnapshot.RunningJob(
                id: id, label: label.text(jobs[attempt.jobIndex].job),
                device: slots[attempt.slotIndex].name, since: attempt.started, attempt: attempt.attempt,
                progress: progress.showsSteps ? ProgressReader.latest(job: id, path: folder.progress(id)) : nil)
        }
        s.devices = slots.map(\.name)
        s.elapsed = Date().timeIntervalSince(startedAt)
        if !durations.isEmpty {
            let mean = durations.reduce(0, +) / Double(durations.count)
            s.eta = mean * Double(s.queued + s.running.count) / Double(slots.count)
        }
        return s
    }

    func outcome() -> RunOutcome {
        var outcome = RunOutcome(jobs: jobs, interrupted: stopping, label: label)
        outcome.doneThisRun = jobsDoneThisRun
        return outcome
    }
}

extension Optional where Wrapped == String {
    var orEmpty: String { self ?? "" }
}
