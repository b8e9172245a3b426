import Foundation
import SweepKit
import Vocabulary

/// `blocksweep status DIR`: the state of a sweep read from its plan and journal, whether a
/// runner is working on it now or not.
package struct SweepStatus: Sendable {
    package var name: String
    package var snapshot: ProgressSnapshot
    /// A runner holds the folder's lock.
    package var live: Bool
    /// Jobs still running from a runner that was killed (no lock held): the next run adopts them.
    package var orphans: Int = 0
    /// Of `orphans` and `inSlurm`: the calibrations (the counts line counts both, as `run`'s
    /// progress does; the words say "2 jobs and 1 calibration").
    package var orphanCalibrations = 0
    package var inSlurmCalibrations = 0
    package var problems: [RunOutcome.Problem]
    /// One line per calibration job (builtin runner): converged or capped, worst half-width, seconds.
    package var calibrations: [String] = []
    /// Slurm backend: jobs queued or running in Slurm (they go on with no runner watching).
    package var inSlurm = 0
    /// Adaptive seeds: every planned job has ended, but this many rows are not settled below
    /// `max`: the sweep stopped between rounds, and the run that goes on adds their seeds.
    package var awaitingSeeds = 0
    /// The command that goes on with such a sweep (nil: none could be made from the folder).
    package var continueCommand: String?
    /// Adaptive seeds: later rounds may add jobs, so the counts and the ETA are this round's.
    package var adaptive = false

    package static func read(folder: ResultsFolder, now: Date = Date()) throws(SweepRunError) -> SweepStatus {
        let plan = try folder.readPlan()
        let journal = JournalReplay.read(folder)
        let records = journal.records
        let live = RunLock.isHeld(folder: folder.path)
        let label = JobLabel(plan: plan)
        var s = ProgressSnapshot()
        // Calibrations count as `run`'s progress counts them; their own lines say how each stands.
        let jobs = plan.allJobs
        s.total = jobs.count
        var problems: [RunOutcome.Problem] = []
        var doneSeconds: [Double] = []
        var orphans = 0
        var orphanCalibrations = 0
        var inSlurm = 0
        var inSlurmCalibrations = 0
        let standings = JobStanding.all(plan: plan, folder: folder, records: records, jobs: jobs)
        for (job, standing) in zip(jobs, standings) {
            let record = records[job.id] ?? JobRecord()
            if let seconds = record.doneSeconds, !job.isCalibration { doneSeconds.append(seconds) }
            func problem(_ event: String, _ reason: String) {
                guard !job.isCalibration else { return }
                problems.append(.init(id: job.id, label: label.text(job), event: event, reason: reason))
            }
            switch standing {
            case .done:
                s.done += 1
            case .failed(let reason):
                s.failed += 1
                problem("failed", reason)
            case .skipped(let reason):
                s.skipped += 1
                problem("skipped", reason)
            case .stoppedEarly(let reason):
                s.stoppedEarly += 1
                problem("stopped early", reason)
            // Slurm backend: queued or running in Slurm, watched or not (`status` asked Slurm first).
            case .running(let attempt) where attempt.slurm != nil:
                inSlurm += 1
                if job.isCalibration { inSlurmCalibrations += 1 }
                if attempt.queued {
                    s.queued += 1
                } else {
                    s.running.append(
                        .init(
                            id: job.id, label: label.text(job), device: attempt.device ?? "slurm",
                            since: Journal.date(from: attempt.since) ?? now, attempt: record.attempts,
                            progress: ProgressReader.latest(job: job.id, path: folder.progress(job.id))))
                }
            // A killed runner's job goes on in its own process group: it is running, not queued.
            case .running(let attempt) where live || LeftoverProcess.isRunning(pid: attempt.pid, jobID: job.id):
                if !live {
                    orphans += 1
                    if job.isCalibration { orphanCalibrations += 1 }
                }
                s.running.append(
                    .init(
                        id: job.id, label: label.text(job), device: attempt.device ?? "?",
                        since: Journal.date(from: attempt.since) ?? now, attempt: record.attempts,
                        progress: ProgressReader.latest(job: job.id, path: folder.progress(job.id))))
            case .lostResult(let reason):
                s.queued += 1
                problem("queued", "result.json \(reason); the next `blocksweep run` runs it again")
            case .running, .pending:
                s.queued += 1
            }
        }
        let devices = journal.devices.sorted()
        // A Slurm task's device names its task: only the running ones are worth a line.
        let onSlurm = plan.execution.backend != .local
        s.devices = live && !onSlurm ? devices : Set(s.running.map(\.device)).sorted()
        s.running.sort { $0.device < $1.device }
        s.elapsed = journal.runningTime(liveSession: live ? RunLock.started(folder: folder.path) ?? "" : nil, now: now)
        if !doneSeconds.isEmpty {
            let mean = doneSeconds.reduce(0, +) / Double(doneSeconds.count)
            s.eta = mean * Double(s.queued + s.running.count) / Double(max(1, live ? devices.count : 1))
        }
        if !live { s.eta = nil }
        var status = SweepStatus(name: plan.name, snapshot: s, live: live, orphans: orphans, problems: problems)
        status.orphanCalibrations = orphanCalibrations
        status.inSlurm = inSlurm
        status.inSlurmCalibrations = inSlurmCalibrations
        status.adaptive = plan.adaptiveSeeds != nil
        if plan.adaptiveSeeds != nil, !live, inSlurm == 0, orphans == 0,
            s.ended == s.total,
            let report = try? ReportWriter.build(paths: [folder.path], rules: plan.rules).report
        {
            status.awaitingSeeds = AdaptiveSeedPlanner.rowsAwaitingSeeds(
                in: plan, report: report, jobID: PolicyRounds.jobID)
            status.continueCommand = continueCommand(plan, folder: folder)
        }
        status.calibrations = calibrationLines(
            plan, folder: folder, records: records,
            standings: Dictionary(
                zip(jobs, standings).filter { $0.0.isCalibration }.map { ($0.0.id, $0.1) },
                uniquingKeysWith: { a, _ in a }))
        return status
    }

    /// `blocksweep run` on the folder's copy of the sweep file (sweep.yaml) into the same folder,
    /// on the plan's backend: nil where the folder has no copy or is not named after the sweep.
    static func continueCommand(_ plan: Plan, folder: ResultsFolder) -> String? {
        let url = URL(fileURLWithPath: folder.path)
        guard url.lastPathComponent == plan.name, FileManager.default.fileExists(atPath: folder.sweepCopy) else {
            return nil
        }
        let parent = (folder.path as NSString).deletingLastPathComponent
        let backend = plan.execution.backend == .local ? "local" : "slurm"
        return ShellQuote.line([
            "blocksweep", "run", folder.sweepCopy, "--results", parent.isEmpty ? "." : parent, "--backend", backend
        ])
    }

    /// "calibration cal-…: converged, worst ±0.6%, 9 s" per calibration job; else where it stands:
    /// a file the journal calls measured but that is missing or damaged is said so, with what
    /// happens next.
    static func calibrationLines(
        _ plan: Plan, folder: ResultsFolder, records: [String: JobRecord], standings: [String: JobStanding] = [:]
    ) -> [String] {
        plan.calibrations.map { job in
            if case .success(let summary) = CalibrationSummary.read(folder.result(job.id)) {
                return
                    "calibration \(job.id): \(summary.text(kinds: CalibrationPlanner.kindsTaken(in: plan, calibration: job.id)))"
            }
            if case .lostResult(let problem)? = standings[job.id] {
                let file = "calibration/\(job.id).json"
                let what = problem == "is missing" ? "lost" : "damaged"
                return "calibration \(job.id): \(what): \(file) \(problem); the next `blocksweep run` measures it again"
            }
            let record = records[job.id] ?? JobRecord()
            if record.failedForGood {
                return "calibration \(job.id): failed: \(record.lastReason ?? "no reason recorded")"
            }
            return "calibration \(job.id): " + (record.running != nil ? "measuring" : "not measured yet")
        }
    }

    /// The summary as text: state, counts, a line per device while running, then every job
    /// that failed or was skipped with its reason.
    package func render(now: Date = Date()) -> String {
        let finished = snapshot.ended == snapshot.total
        // Adaptive seeds between rounds: every planned job ended, yet the sweep is not done.
        let awaiting =
            "not finished: \(awaitingSeeds.counted("row")) await\(awaitingSeeds == 1 ? "s" : "") more seeds "
            + "(verdict not settled, below max); the report so far is not final. Continue with: "
            + (continueCommand ?? "the same `blocksweep run` command")
        let state =
            live
            ? "running"
                + (adaptive
                    ? " (adaptive seeds: the counts and ETA are this round's; rows it leaves unsettled get more seeds)"
                    : "")
            : inSlurm > 0
                ? "in Slurm: \(jobsAndCalibrations(inSlurm - inSlurmCalibrations, inSlurmCalibrations)) queued or "
                    + "running there, no runner watching "
                    + "(run the same command again to re-attach; `blocksweep cancel` stops them)"
                : orphans > 0
                    ? "stopped: its runner died; \(jobsAndCalibrations(orphans - orphanCalibrations, orphanCalibrations)) "
                        + "still run\(orphans == 1 ? "s" : "") "
                        + "(run the same command again to adopt \(orphans == 1 ? "it" : "them") and resume)"
                    : awaitingSeeds > 0
                        ? awaiting : (finished ? "finished" : "stopped (run the same command again to resume)")
        var lines = ["\(name): \(state)", snapshot.countsLine] + calibrations
        if live || orphans > 0 || inSlurm > 0 { lines += snapshot.deviceLines(now: now) }
        for p in problems { lines.append("  \(p.event) \(p.id) \(p.label): \(p.reason)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
