import Foundation
import SweepKit
import Vocabulary

/// Watching the tasks: each poll asks squeue (then sacct, then the launcher's outcome file and
/// Slurm's output file, for tasks the controller has forgotten) and records what changed, as
/// the local executor records its processes.
extension SlurmExecutor {
    /// One look at every open task; true when anything changed.
    func poll() throws(SweepRunError) -> Bool {
        guard !open.isEmpty else { return false }
        let arrays = Set(open.values.map { SlurmTask.arrayID(of: $0.task) }).sorted()
        // The controller does not answer (restarting, unreachable): look again later.
        guard var known = client.tasks(of: arrays) else { return false }
        let forgotten = Set(open.values.filter { known[$0.task] == nil }.map { SlurmTask.arrayID(of: $0.task) })
        if !forgotten.isEmpty { known.merge(client.accounted(forgotten.sorted())) { a, _ in a } }
        var changed = false
        for (i, attempt) in open.sorted(by: { $0.key < $1.key }) {
            var task = known[attempt.task] ?? fromOutputFile(attempt)
            if let seen = task, seen.state == .running, let ended = endedByItsLauncher(i, attempt) {
                task = ended
            }
            guard let task else {
                try concludeUnseen(i)
                changed = true
                continue
            }
            switch task.state {
            case .queued:
                continue
            case .running:
                if attempt.started == nil {
                    try markStarted(i, node: task.node)
                    changed = true
                }
            default:
                if attempt.started == nil { try markStarted(i, node: task.node) }
                try conclude(i, task)
                changed = true
            }
        }
        return changed
    }

    private func markStarted(_ i: Int, node: String?) throws(SweepRunError) {
        guard var attempt = open[i] else { return }
        attempt.started = Date()
        attempt.device = SlurmAttempt.device(task: attempt.task, node: node)
        open[i] = attempt
        try journal.append(
            JournalEntry(
                time: Journal.timestamp(), job: jobs[i].job.id, event: .started, attempt: attempt.attempt,
                device: attempt.device, slurm: attempt.task), sync: false)
        report(.started, i, device: attempt.device)
    }

    /// Asks the round policy which running tasks to stop, from each one's last step (its
    /// progress file on the shared folder), and stops them: the journal says `stopped_early`
    /// first, then the task is cancelled in Slurm. Its end is then neither a failure nor retried.
    func stopWhatThePolicyAsks() throws(SweepRunError) {
        guard let ask = options.jobsToStop else { return }
        var indexOf: [String: Int] = [:]
        for (i, attempt) in open where attempt.started != nil && attempt.stoppedEarly == nil {
            indexOf[jobs[i].job.id] = i
        }
        let progress = ProgressReader.latest(jobs: Array(indexOf.keys), folder: folder)
        guard !progress.isEmpty else { return }
        for request in ask(progress) {
            guard let i = indexOf.removeValue(forKey: request.job), let attempt = open[i] else { continue }
            try journal.append(
                JournalEntry(
                    time: Journal.timestamp(), job: request.job, event: .stoppedEarly, attempt: attempt.attempt,
                    device: attempt.device, reason: request.reason, slurm: attempt.task), sync: true)
            open[i]?.stoppedEarly = request.reason
            client.cancel([attempt.task])
        }
    }

    /// Records how a task ended, in the words the local executor uses for the same ending.
    func conclude(_ i: Int, _ task: SlurmTask) throws(SweepRunError) {
        guard let attempt = open.removeValue(forKey: i) else { return }
        let id = jobs[i].job.id
        let outcome = SlurmTaskOutcome.read(SlurmTaskOutcome.path(folder, job: id, attempt: attempt.attempt))
        let seconds = outcome?.seconds ?? attempt.started.map { Date().timeIntervalSince($0) } ?? 0
        // Stopped by its policy: however Slurm saw it end (cancelled, or done a moment before).
        if let reason = attempt.stoppedEarly {
            jobs[i].phase = .stoppedEarly
            jobs[i].reason = reason
            report(.stoppedEarly, i, device: attempt.device, reason: reason, seconds: seconds)
            return
        }
        switch task.state {
        case .completed:
            if plan.runner.writesResult,
                let problem = ResultCheck.check(at: folder.result(id), job: jobs[i].job, runner: runner)
            {
                try recordFailure(
                    i, attempt: attempt, reason: problem.reason, seconds: seconds, retryable: problem.retryable)
            } else {
                try markDone(i, attempt: attempt, seconds: seconds)
            }
        case .failed(let name):
            let slurmSays = name == "OUT_OF_MEMORY" ? "out of memory (Slurm OUT_OF_MEMORY)" : "Slurm \(name)"
            let reason = outcome?.reason ?? (slurmSays + folder.lastErrorLine(id).map { ": \($0)" }.orEmpty)
            try recordFailure(
                i, attempt: attempt, reason: reason, seconds: seconds, retryable: outcome?.retryable ?? true)
        case .timedOut:
            try recordFailure(
                i, attempt: attempt, reason: Self.slurmTimeoutReason(plan.execution.timeoutSeconds, task: task.id),
                seconds: seconds, retryable: true)
        case .cancelled:
            if let blocker = blocker(of: i) {
                try skip(i, reason: blocker)
            } else {
                try recordFailure(
                    i, attempt: attempt,
                    reason: "cancelled in Slurm (task \(task.id)), not by this runner; "
                        + "`blocksweep run --retry-failed` runs it again", seconds: seconds, retryable: false)
            }
        case .lost(let name):
            try requeue(
                i, attempt: attempt,
                reason: JobRecord.requeuedPrefix + "Slurm \(name)" + (task.node.map { " on \($0)" } ?? "")
                    + " (task \(task.id)); it runs again without using a retry")
        case .queued, .running:
            open[i] = attempt
        }
    }

    /// Slurm's TIMEOUT: its `--time`, the timeout rounded up to whole minutes
    /// (SlurmResources.timeLimit), ended a task whose launcher had not ended it at the timeout
    /// itself (SlurmTaskLauncher.TaskDeadline), such as a launcher stuck on the node.
    static func slurmTimeoutReason(_ timeout: Double?, task: String) -> String {
        guard let timeout else { return "timed out (Slurm TIMEOUT, task \(task))" }
        return
            "timed out after \(NumberText.duration(timeout)) (Slurm's limit: \(SlurmResources.timeLimit(timeout)) min; "
            + "Slurm TIMEOUT, task \(task))"
    }

    /// A task Slurm still shows running whose launcher has left its outcome file has ended: the
    /// launcher writes it last, after the result is in place, a moment before the task exits.
    private func endedByItsLauncher(_ i: Int, _ attempt: SlurmAttempt) -> SlurmTask? {
        let path = SlurmTaskOutcome.path(folder, job: jobs[i].job.id, attempt: attempt.attempt)
        guard let outcome = SlurmTaskOutcome.read(path) else { return nil }
        return SlurmTask(
            id: attempt.task, state: outcome.succeeded ? .completed : .failed("FAILED"), node: outcome.node)
    }

    /// A task neither the controller nor accounting knows any more: its outcome file, or its
    /// committed result, tells how it went; without either it runs again, free.
    private func concludeUnseen(_ i: Int) throws(SweepRunError) {
        guard let attempt = open[i] else { return }
        let id = jobs[i].job.id
        if let outcome = SlurmTaskOutcome.read(SlurmTaskOutcome.path(folder, job: id, attempt: attempt.attempt)) {
            try conclude(
                i,
                SlurmTask(
                    id: attempt.task, state: outcome.succeeded ? .completed : .failed("FAILED"), node: outcome.node))
            return
        }
        if plan.runner.writesResult, ResultCheck.check(at: folder.result(id), job: jobs[i].job, runner: runner) == nil {
            try conclude(i, SlurmTask(id: attempt.task, state: .completed))
            return
        }
        open[i] = nil
        try requeue(
            i, attempt: attempt,
            reason: JobRecord.requeuedPrefix + "Slurm no longer knows task \(attempt.task) and it left no outcome; "
                + "it runs again without using a retry")
    }

    /// For a task the controller forgot: what Slurm wrote into its output file when it ended
    /// it ("CANCELLED … DUE TO TIME LIMIT", "DUE TO NODE FAILURE", "DUE TO PREEMPTION").
    private func fromOutputFile(_ attempt: SlurmAttempt) -> SlurmTask? {
        let path = slurmFolder + "/\(attempt.task).out"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8), text.contains("slurmstepd: error: ***")
        else { return nil }
        let state: SlurmState
        if text.contains("DUE TO TIME LIMIT") {
            state = .timedOut
        } else if text.contains("DUE TO NODE FAILURE") {
            state = .lost("NODE_FAIL")
        } else if text.contains("DUE TO PREEMPTION") {
            state = .lost("PREEMPTED")
        } else if text.contains("CANCELLED") {
            state = .cancelled
        } else {
            return nil
        }
        return SlurmTask(id: attempt.task, state: state)
    }

    private func markDone(_ i: Int, attempt: SlurmAttempt, seconds: Double) throws(SweepRunError) {
        try journal.append(
            JournalEntry(
                time: Journal.timestamp(), job: jobs[i].job.id, event: .done, attempt: attempt.attempt,
                device: attempt.device, slurm: attempt.task), sync: true)
        jobs[i].phase = .done
        jobs[i].reason = nil
        durations.append(seconds)
        if !jobs[i].job.isCalibration { jobsDoneThisRun += 1 }
        report(.done, i, device: attempt.device, seconds: seconds)
    }

    /// A failed attempt: submitted again while the budget lasts (and a try could help), else
    /// failed for good.
    private func recordFailure(
        _ i: Int, attempt: SlurmAttempt, reason: String, seconds: Double, retryable: Bool
    ) throws(SweepRunError) {
        let final = jobs[i].fail(reason: reason, retryable: retryable)
        try journal.append(
            JournalEntry(
                time: Journal.timestamp(), job: jobs[i].job.id, event: .failed, attempt: attempt.attempt,
                device: attempt.device, reason: reason, final: final, slurm: attempt.task), sync: true)
        report(final ? .failed : .retrying, i, device: attempt.device, reason: reason, seconds: seconds)
    }

    /// Back to the queue without using up the attempt (Slurm lost it, or it was cancelled
    /// before it started so it can go again with the job it waits on).
    func requeue(_ i: Int, attempt: SlurmAttempt, reason: String) throws(SweepRunError) {
        jobs[i].phase = .pending
        jobs[i].attemptsLeft += 1
        jobs[i].reason = reason
        try journal.append(
            JournalEntry(
                time: Journal.timestamp(), job: jobs[i].job.id, event: .failed, attempt: attempt.attempt,
                device: attempt.device, reason: reason, final: false, slurm: attempt.task), sync: true)
        report(.retrying, i, device: attempt.device, reason: reason)
    }

    /// Why job `i` cannot run: a requirement failed for good or was skipped (nil when none); a
    /// fork source that did never blocks (the job trains without it).
    func blocker(of i: Int) -> String? { JobState.blocker(of: i, in: jobs, indexByID: indexByID) }

    /// Jobs whose prerequisite failed for good or was skipped are skipped; those already queued
    /// in Slurm (waiting on a dependency that can never be met) are cancelled there.
    func skipBlockedJobs() throws(SweepRunError) {
        var changed = true
        while changed {
            changed = false
            for i in jobs.indices
            where jobs[i].phase == .pending || (jobs[i].phase == .running && open[i]?.started == nil) {
                guard let reason = blocker(of: i) else { continue }
                if let attempt = open.removeValue(forKey: i) { client.cancel([attempt.task]) }
                try skip(i, reason: reason)
                changed = true
            }
        }
    }

    func skip(_ i: Int, reason: String) throws(SweepRunError) {
        open[i] = nil
        jobs[i].phase = .skipped
        jobs[i].reason = reason
        guard jobs[i].journaledSkip != reason else { return }
        jobs[i].journaledSkip = reason
        try journal.append(
            JournalEntry(
                time: Journal.timestamp(), job: jobs[i].job.id, event: .skipped, attempt: jobs[i].attempt,
                reason: reason), sync: true)
        report(.skipped, i, reason: reason)
    }
}
