import Dispatch
import Foundation
import SweepKit
import Vocabulary

#if canImport(Glibc)
    import Glibc
#endif

/// Setting up a run: checking the plan, rebuilding state from the journal after any crash,
/// catching Ctrl-C.
extension Executor {
    func checkDependencies() throws(SweepRunError) {
        indexByID = [:]
        for (i, job) in plan.allJobs.enumerated() {
            guard indexByID.updateValue(i, forKey: job.id) == nil else {
                throw .badInput("the plan holds job \(job.id) twice")
            }
        }
        dependents = Array(repeating: [], count: plan.allJobs.count)
        for (i, job) in plan.allJobs.enumerated() {
            for dependency in job.prerequisites {
                guard let d = indexByID[dependency] else {
                    throw .badInput("job \(job.id) depends on \(dependency), which is not in the plan")
                }
                dependents[d].append(i)
            }
        }
    }

    /// Replays the journal (through JobStanding, as `status` and `report` read it): done jobs
    /// stay done, a result renamed just before a crash is taken (never rerun), a done job whose
    /// result is gone runs again, and attempts a crash left open wait for `settleLeftovers`.
    func restoreState() throws(SweepRunError) {
        let records = JournalReplay.read(folder).records
        let standings = JobStanding.all(plan: plan, folder: folder, records: records, jobs: plan.allJobs)
        let budget = plan.execution.retries + 1
        jobs = []
        leftovers = []
        var checks = ResumeChecks(folder: folder, runner: runner, journal: journal)
        for (i, job) in plan.allJobs.enumerated() {
            let record = records[job.id] ?? JobRecord()
            var state = JobState(resuming: job, record: record, budget: budget)
            switch standings[i] {
            case .done(journaled: true):
                state.reason = try checks.rerunReason(ofDone: job, attempts: record.attempts)
                if state.reason == nil { state.phase = .done }
            case .done(journaled: false):
                if ResultCheck.problem(at: folder.result(job.id), job: job, runner: runner) == nil {
                    if let open = record.running { endLeftover(jobID: job.id, pid: open.pid) }
                    state.reason = try checks.takeFoundResult(of: job, attempts: record.attempts)
                    if state.reason == nil { state.phase = .done }
                } else if let open = record.running {
                    leftovers.append((i, open))
                }
            case .lostResult(let problem):
                state.reason = try checks.journalLostResult(job.id, problem: problem, attempt: record.attempts)
            case .running(let open):
                leftovers.append((i, open))
            case .failed:
                state.phase = options.retryFailed ? .pending : .failed
            case .stoppedEarly:
                // Its policy ended it for good: --retry-failed does not bring it back.
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
        // An attempt of a job the edited sweep no longer plans is ended: it would take cores
        // from this run's jobs, and nothing here would record it.
        for (id, record) in records where indexByID[id] == nil {
            guard let open = record.running else { continue }
            endLeftover(jobID: id, pid: open.pid)
            try journal.append(
                JournalEntry(
                    time: Journal.timestamp(), job: id, event: .failed, attempt: open.attempt,
                    device: open.device, reason: JobRecord.interruptedReason, final: false),
                sync: true)
        }
    }

    /// Attempts a killed runner left open. A process still running is adopted: it keeps the
    /// slot it was started on (its cores are pinned), is watched to its end and recorded as
    /// any attempt, timeout and Ctrl-C included. One that ended while no runner was alive is
    /// recorded from the result it left. Only a command that writes no result file cannot be
    /// judged (its exit status is lost with the runner): it is ended and runs again.
    func settleLeftovers() throws(SweepRunError) {
        let writesResult = plan.runner.writesResult
        for (i, open) in leftovers {
            let id = jobs[i].job.id
            let partial = folder.partialResult(id, attempt: open.attempt)
            let since = Journal.date(from: open.since) ?? Date()
            let device = open.device ?? "?"
            if let pid = open.pid, LeftoverProcess.isRunning(pid: pid, jobID: id) {
                if writesResult, let slotIndex = freeSlots.first(where: { slots[$0].name == open.device }) {
                    adopt(i, pid: pid, attempt: open.attempt, slotIndex: slotIndex, since: since, partialPath: partial)
                    continue
                }
                // Its device is not one of this run's slots: ended, so no two jobs share cores.
                endLeftover(jobID: id, pid: pid)
            } else if writesResult, FileManager.default.fileExists(atPath: partial) {
                jobs[i].attemptsLeft -= 1
                let modified = (try? FileManager.default.attributesOfItem(atPath: partial))?[.modificationDate] as? Date
                try conclude(
                    i, attempt: open.attempt, partialPath: partial, status: nil, timedOut: false, interrupted: false,
                    device: device, seconds: max(0, (modified ?? since).timeIntervalSince(since)))
                continue
            }
            // Ended with nothing to judge it by (killed with the machine, or no result file by
            // design): not the job's fault, so it runs again without using a retry.
            let reason = writesResult ? JobRecord.interruptedReason : JobRecord.unknownEndReason
            try journal.append(
                JournalEntry(
                    time: Journal.timestamp(), job: id, event: .failed, attempt: open.attempt,
                    device: open.device, reason: reason, final: false), sync: true)
            jobs[i].reason = reason
        }
        leftovers = []
    }

    /// Takes a killed runner's still-running attempt as this runner's own.
    private func adopt(_ i: Int, pid: Int32, attempt: Int, slotIndex: Int, since: Date, partialPath: String) {
        freeSlots.removeAll { $0 == slotIndex }
        jobs[i].phase = .running
        jobs[i].attemptsLeft -= 1
        running[pid] = RunningAttempt(
            jobIndex: i, slotIndex: slotIndex, attempt: attempt, started: since,
            deadline: plan.execution.timeoutSeconds.map { since.addingTimeInterval($0) },
            partialPath: partialPath)
        let events = self.events
        LeftoverProcess.watch(pid: pid, jobID: jobs[i].job.id) { events.post(.leftoverEnded(pid: pid)) }
        report(
            .adopted, i, device: slots[slotIndex].name,
            reason: "still running (pid \(pid)) from a runner that was killed")
    }

    /// Ends a job process a killed runner left running (when it cannot be adopted), so it
    /// neither takes cores from the new attempts nor writes beside them.
    func endLeftover(jobID: String, pid: Int32?) {
        guard let pid, LeftoverProcess.isRunning(pid: pid, jobID: jobID) else { return }
        ProcessLauncher.signalGroup(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(options.killGrace)
        while LeftoverProcess.isRunning(pid: pid, jobID: jobID) && Date() < deadline { usleep(20_000) }
        ProcessLauncher.signalGroup(pid, SIGKILL)
    }

    func installSignalHandlers() -> [DispatchSourceSignal] { events.postInterrupts() }

    func removeSignalHandlers(_ sources: [DispatchSourceSignal]) { EventQueue.stopPosting(sources) }
}

extension FileManager {
    func createDirectoryIfNeeded(_ path: String) throws(SweepRunError) {
        do {
            try createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .system("cannot create \(path): \(error.localizedDescription)")
        }
    }
}
