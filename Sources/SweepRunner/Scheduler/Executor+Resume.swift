import Dispatch
import Foundation
import SweepKit
#if canImport(Glibc)
import Glibc
#endif

/// Setting up a run: checking the plan, rebuilding state from the journal after any crash,
/// catching Ctrl-C.
extension Executor {
    func checkDependencies() throws(SweepRunError) {
        indexByID = [:]
        for (i, job) in plan.jobs.enumerated() {
            guard indexByID.updateValue(i, forKey: job.id) == nil else {
                throw .badInput("the plan holds job \(job.id) twice")
            }
        }
        dependents = Array(repeating: [], count: plan.jobs.count)
        for (i, job) in plan.jobs.enumerated() {
            for dependency in job.dependsOn {
                guard let d = indexByID[dependency] else {
                    throw .badInput("job \(job.id) depends on \(dependency), which is not in the plan")
                }
                dependents[d].append(i)
            }
        }
    }

    /// Replays the journal: done jobs stay done, a result renamed just before a crash is
    /// adopted (never rerun), attempts a crash cut short are closed and run again.
    func restoreState() throws(SweepRunError) {
        let records = JobRecord.replay(Journal.read(path: folder.journal))
        let budget = plan.execution.retries + 1
        jobs = []
        for job in plan.jobs {
            let record = records[job.id] ?? JobRecord()
            var state = JobState(job: job, phase: .pending, attemptsLeft: max(1, budget - record.failuresInBudget),
                                 attempt: record.attempts, reason: record.lastReason,
                                 journaledSkip: record.lastEvent == .skipped ? record.lastReason : nil)
            if let dangling = record.running {
                endLeftover(jobID: job.id, pid: dangling.pid)
                try journal.append(JournalEntry(time: Journal.timestamp(), job: job.id, event: .failed,
                                                attempt: record.attempts, device: dangling.device,
                                                reason: JobRecord.interruptedReason, final: false), sync: true)
            }
            if record.doneCount > 0 {
                state.phase = .done
            } else if FileManager.default.fileExists(atPath: folder.result(job.id)),
                      ResultCheck.problem(at: folder.result(job.id), job: job, runner: runner) == nil {
                try journal.append(JournalEntry(time: Journal.timestamp(), job: job.id, event: .done,
                                                attempt: max(1, record.attempts), reason: "result found on restart"),
                                   sync: true)
                state.phase = .done
            } else if record.failedForGood && !options.retryFailed {
                state.phase = .failed
            }
            jobs.append(state)
        }
    }

    /// Ends a job process a killed runner left running, so it neither takes cores from the
    /// new attempts nor writes beside them. The pid is trusted only while that process still
    /// carries the job's BLOCKSWEEP_JOB_ID (pids get reused).
    func endLeftover(jobID: String, pid: Int32?) {
        guard let pid, pid > 1,
              let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ"),
              environ.split(separator: 0).contains(where: { $0.elementsEqual("BLOCKSWEEP_JOB_ID=\(jobID)".utf8) })
        else { return }
        ProcessLauncher.signalGroup(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(options.killGrace)
        while kill(pid, 0) == 0 && Date() < deadline { usleep(20_000) }
        ProcessLauncher.signalGroup(pid, SIGKILL)
    }

    func installSignalHandlers() -> [DispatchSourceSignal] {
        let events = self.events
        return [SIGINT, SIGTERM, SIGHUP].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { events.post(.interrupt(signal: number)) }
            source.resume()
            return source
        }
    }

    func removeSignalHandlers(_ sources: [DispatchSourceSignal]) {
        for source in sources {
            source.cancel()
        }
        if !sources.isEmpty { for number in [SIGINT, SIGTERM, SIGHUP] { signal(number, SIG_DFL) } }
    }
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
