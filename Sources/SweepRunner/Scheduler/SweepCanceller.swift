import Foundation
import SweepKit
import Vocabulary

#if canImport(Glibc)
    import Glibc
#endif

/// `blocksweep cancel DIR`: stops a sweep wherever its jobs run. A runner working on the
/// folder is asked to stop first (SIGTERM: a local runner ends its jobs and journals them; a
/// Slurm runner stops watching); then every attempt the journal leaves open is ended: its
/// Slurm task cancelled with scancel, or its local process group signalled. Each is journaled
/// as interrupted, so the next `blocksweep run` runs it again without using a retry.
package struct SweepCanceller {
    package var folder: ResultsFolder
    /// nil where sbatch is not on PATH (then open Slurm tasks cannot be cancelled from here).
    package var client: SlurmClient?
    /// How long to wait for the runner holding the folder to let go.
    package var runnerGrace = 30.0

    package init(folder: ResultsFolder, client: SlurmClient?) {
        self.folder = folder
        self.client = client
    }

    /// What was stopped, for the user.
    package struct Summary: Sendable, Equatable {
        package var stoppedRunner: Int32?
        package var slurmTasks: [String] = []
        package var localJobs: Int = 0
        /// Nothing was running and every job of the plan has ended (done, failed or skipped).
        package var finished = false
    }

    package func cancel() throws(SweepRunError) -> Summary {
        let plan = try folder.readPlan()
        var summary = Summary()
        // No runner and no attempt left open: nothing to stop, and nothing is written (a
        // finished folder may be read-only; taking the lock would write run.lock).
        if !RunLock.isHeld(folder: folder.path) {
            let records = JournalReplay.read(folder).records
            if !plan.allJobs.contains(where: { records[$0.id]?.running != nil }) {
                // Adaptive seeds: every planned job may have ended with rows still to get seeds.
                let standings = JobStanding.all(plan: plan, folder: folder, records: records, jobs: plan.allJobs)
                summary.finished =
                    plan.adaptiveSeeds == nil
                    && standings.allSatisfy {
                        switch $0 {
                        case .done, .failed, .skipped, .stoppedEarly: true
                        case .running, .pending, .lostResult: false
                        }
                    }
                return summary
            }
        }
        if RunLock.isHeld(folder: folder.path), let pid = Self.runnerPID(folder) {
            kill(pid, SIGTERM)
            summary.stoppedRunner = pid
            let deadline = Date().addingTimeInterval(runnerGrace)
            while RunLock.isHeld(folder: folder.path) && Date() < deadline { usleep(50_000) }
        }
        let lock = try RunLock(folder: folder.path)
        defer { withExtendedLifetime(lock) {} }
        let journal = try Journal(path: folder.journal)
        journal.session = lock.started
        let records = JournalReplay.read(folder).records
        var open: [(job: String, attempt: JobRecord.RunningAttempt)] = []
        for job in plan.allJobs {
            if let attempt = records[job.id]?.running { open.append((job.id, attempt)) }
        }
        let tasks = open.compactMap(\.attempt.slurm)
        if !tasks.isEmpty {
            guard let client else {
                throw .badInput(
                    "\(folder.path) has \(tasks.count.counted("job")) in Slurm, but scancel is not on PATH here; "
                        + "run `blocksweep cancel` where Slurm's commands are (a login node)")
            }
            client.cancel(tasks)
            summary.slurmTasks = tasks
        }
        for (job, attempt) in open {
            if attempt.slurm == nil, let pid = attempt.pid, LeftoverProcess.isRunning(pid: pid, jobID: job) {
                ProcessLauncher.signalGroup(pid, SIGTERM)
                let deadline = Date().addingTimeInterval(10)
                while LeftoverProcess.isRunning(pid: pid, jobID: job) && Date() < deadline { usleep(20_000) }
                ProcessLauncher.signalGroup(pid, SIGKILL)
                summary.localJobs += 1
            } else if attempt.slurm == nil {
                continue
            }
            try journal.append(
                JournalEntry(
                    time: Journal.timestamp(), job: job, event: .failed, attempt: attempt.attempt,
                    device: attempt.device, reason: JobRecord.interruptedReason, final: false,
                    slurm: attempt.slurm), sync: true)
        }
        return summary
    }

    /// The pid run.lock names.
    static func runnerPID(_ folder: ResultsFolder) -> Int32? {
        guard let text = try? String(contentsOfFile: folder.path + "/run.lock", encoding: .utf8) else { return nil }
        return text.split(separator: "\n").first { $0.hasPrefix("pid ") }.flatMap { Int32($0.dropFirst(4)) }
    }
}
