import BlocksweepTestSupport
import Foundation
import SweepKit
import Testing
import Vocabulary

@testable import SweepRunner

/// `status`, `run` and `cancel` on one sweep tell the same story (issue 18, point 6.4): every
/// count takes calibrations as `run`'s progress does and words them "2 jobs and 1 calibration";
/// a damaged calibration is said so, with what happens next; and `cancel` on a finished folder
/// has nothing to do and writes nothing.
@Suite(.timeLimit(.minutes(10))) struct SweepCountTests {
    static let calibrationText = """
        {"kind": "blocksweep-calibration", "version": 1, "active_step_ms": [1.0, 2.0], "relative": [0.5, 1.0],
         "relative_halfwidth": [0.004, 0], "rounds": 40, "seconds": 9.5, "cap_seconds": 60, "converged": true}
        """

    /// A builtin plan of two jobs priced by one calibration, its folder prepared; `finished`:
    /// every one journaled done, with its file.
    static func folder(_ box: Sandbox, finished: Bool) throws -> (Plan, ResultsFolder) {
        let calibration = Job(id: "cal-a", schedule: nil, seed: 1, params: ["dmodel": .int(16)])
        let jobs = ["full-a", "full-b"].map { id in
            var job = Job(id: id, schedule: .fullUpdate, seed: id == "full-a" ? 1 : 2, params: ["dmodel": .int(16)])
            job.calibration = calibration.id
            return job
        }
        let plan = Plan(name: "test", jobs: jobs, calibrations: [calibration])
        let folder = box.folder
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        try folder.prepare(plan: plan, sweepSource: nil)
        guard finished else { return (plan, folder) }
        let journal = try Journal(path: folder.journal)
        for job in plan.allJobs {
            for event in [JournalEntry.Event.started, .done] {
                try journal.append(
                    JournalEntry(time: "2026-11-20T10:00:00Z", job: job.id, event: event, attempt: 1, device: "cpu:0"),
                    sync: false)
            }
            if job.isCalibration {
                try Data(Self.calibrationText.utf8).write(to: URL(fileURLWithPath: folder.result(job.id)))
            } else {
                try FileManager.default.createDirectory(
                    atPath: folder.jobFolder(job.id), withIntermediateDirectories: true)
                try Sandbox.resultJSON(loss: 0.5).write(to: URL(fileURLWithPath: folder.result(job.id)))
            }
        }
        return (plan, folder)
    }

    @Test func statusCountsTheCalibrationAsRunDoes() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let (_, folder) = try Self.folder(box, finished: true)
        let text = try SweepStatus.read(folder: folder).render()
        #expect(text.hasPrefix("test: finished\n3/3 done · 0 failed · 0 running · 0 queued"), "\(text)")
        #expect(text.contains("calibration cal-a: converged, worst ±0.4%, 10 s"), "\(text)")
    }

    @Test(arguments: [
        ("{\"relative\": [0.5", "is not a JSON object"),
        ("{}", "is not a calibration written by `blocksweep calibrate`")
    ])
    func aDamagedCalibrationIsSaidWithWhatHappensNext(content: String, problem: String) throws {
        let box = try Sandbox()
        defer { box.remove() }
        let (_, folder) = try Self.folder(box, finished: true)
        try Data(content.utf8).write(to: URL(fileURLWithPath: folder.result("cal-a")))
        let status = try SweepStatus.read(folder: folder)
        let text = status.render()
        #expect(text.hasPrefix("test: stopped (run the same command again to resume)\n2/3 done"), "\(text)")
        #expect(
            text.contains(
                "calibration cal-a: damaged: calibration/cal-a.json \(problem); the next `blocksweep run` measures it again"
            ), "\(text)")
        // The next run sees the same: the calibration runs again.
        let standing = JobStanding.of(
            JournalReplay.read(folder).records["cal-a"], resultPath: folder.result("cal-a"), writesResult: true,
            calibration: true)
        #expect(standing == .lostResult(problem))
        try FileManager.default.removeItem(atPath: folder.result("cal-a"))
        #expect(
            try SweepStatus.read(folder: folder).render().contains(
                "calibration cal-a: lost: calibration/cal-a.json is missing; the next `blocksweep run` measures it again"
            ))
    }

    /// A detached Slurm sweep: the status words and the run's "Detached" line count alike.
    @Test func aSweepInSlurmIsCountedAsJobsAndCalibrations() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let (plan, folder) = try Self.folder(box, finished: false)
        let journal = try Journal(path: folder.journal)
        for (i, job) in plan.allJobs.enumerated() {
            try journal.append(
                JournalEntry(
                    time: "2026-11-20T10:00:00Z", job: job.id, event: .submitted, attempt: 1, slurm: "77_\(i)"),
                sync: false)
        }
        let text = try SweepStatus.read(folder: folder).render()
        #expect(text.hasPrefix("test: in Slurm: 2 jobs and 1 calibration queued or running there"), "\(text)")
        #expect(text.contains("0/3 done · 0 failed · 0 running · 3 queued"), "\(text)")

        let states = plan.allJobs.map { JobState(resuming: $0, record: JobRecord(), budget: 1) }
        let outcome = RunOutcome(jobs: states, interrupted: false, label: JobLabel(plan: plan))
        #expect(outcome.notRunText == "2 jobs and 1 calibration" && outcome.totalText == "2 jobs and 1 calibration")
        #expect(
            RunSummary.render(plan: plan, outcome: outcome, folder: folder).hasPrefix(
                "test: 0 done, 0 failed, 0 skipped, 3 not run of 2 jobs and 1 calibration\n"))
    }

    @Test func jobsAndCalibrationsAreWordedAlike() {
        #expect(jobsAndCalibrations(12, 1) == "12 jobs and 1 calibration")
        #expect(jobsAndCalibrations(1, 2) == "1 job and 2 calibrations")
        #expect(jobsAndCalibrations(12, 0) == "12 jobs")
        #expect(jobsAndCalibrations(0, 1) == "1 calibration")
    }

    /// Nothing to cancel in a finished folder, which may be read-only: cancel says so and
    /// writes nothing (it took the lock, writing run.lock, and a read-only folder exited 3).
    @Test func cancellingAFinishedSweepWritesNothing() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let (_, folder) = try Self.folder(box, finished: true)
        let before = try Self.listing(folder.path)
        let summary = try SweepCanceller(folder: folder, client: nil).cancel()
        #expect(summary.finished && summary.stoppedRunner == nil && summary.localJobs == 0)
        #expect(try Self.listing(folder.path) == before)
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/run.lock"))
    }

    /// Every file under `path` with its bytes.
    static func listing(_ path: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for sub in try FileManager.default.subpathsOfDirectory(atPath: path) {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path + "/" + sub, isDirectory: &isDirectory)
            out[sub] = isDirectory.boolValue ? Data() : try Data(contentsOf: URL(fileURLWithPath: path + "/" + sub))
        }
        return out
    }
}
