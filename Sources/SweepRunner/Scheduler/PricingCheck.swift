import Foundation
import SweepKit
import Vocabulary

/// One price per folder (docs/benchmark.md): on resume, a calibrated job's result counts as done
/// only when the calibration its job reads now priced it, the same file with the same bytes
/// (`config.calibration` and `config.calibration_digest`). A calibration measured again (its file
/// was deleted or damaged), or a sweep that now reads another one (execution.threads changed),
/// reruns the results the old prices set: a row never pairs or pools runs priced by two
/// measurements. Every builtin and torch job reads a calibration, wall-clock sweeps' too, so this
/// covers them all. Both executors resume through it.
package struct PricingCheck {
    /// Calibration id → the digest of the file it holds now, for calibrations that stay.
    private var digests: [String: String] = [:]
    /// Calibration id → why it is measured again.
    private var remeasured: [String: String] = [:]
    /// Calibration id → how many done results it made run again; the ids in order of first.
    private var rerunCounts: [String: Int] = [:]
    private var rerunOrder: [String] = []

    /// Records where calibration `job` stands after resume: done (its file's digest is then
    /// the price every result it prices must carry), or to be measured (again).
    /// `measuredBefore`: the journal has an attempt of it (else it is new to this folder: the
    /// sweep's settings now need another calibration than the one that priced its results).
    mutating func note(calibration job: Job, done: Bool, measuredBefore: Bool, reason: String?, folder: ResultsFolder) {
        if done, let data = FileManager.default.contents(atPath: folder.result(job.id)) {
            digests[job.id] = CalibrationFormat.digest(of: data)
        } else if measuredBefore {
            // The reason a lost calibration file gives ends by saying it runs again: said once here.
            let why = reason.map { $0.replacingOccurrences(of: "; the job runs again", with: "") }
            remeasured[job.id] = why.map { "is measured again (\($0))" } ?? "is measured again"
        } else {
            remeasured[job.id] =
                "is new to this folder (execution.threads, the device kind or the calibration's version changed)"
        }
    }

    /// Why the done result of `job` must run again, or nil when its prices still hold.
    mutating func problem(of job: Job, folder: ResultsFolder) -> String? {
        guard let calibration = job.calibration else { return nil }
        let problem = Self.problem(
            resultPath: folder.result(job.id), calibration: calibration, digest: digests[calibration],
            remeasured: remeasured[calibration])
        if problem != nil {
            if rerunCounts[calibration] == nil { rerunOrder.append(calibration) }
            rerunCounts[calibration, default: 0] += 1
        }
        return problem
    }

    static func problem(resultPath: String, calibration: String, digest: String?, remeasured: String?) -> String? {
        if let remeasured { return "repriced: its calibration \(calibration) \(remeasured), so the job runs again" }
        guard let digest, let data = FileManager.default.contents(atPath: resultPath),
            let header = try? JSONDecoder().decode(BenchReportHeader.self, from: data)
        else { return nil }
        let name = calibration + ".json"
        guard header.config.calibration == name else {
            return "repriced: priced by \(header.config.calibration ?? "no calibration"), the sweep now prices with "
                + "\(name), so the job runs again"
        }
        guard header.config.calibrationDigest == digest else {
            let theirs = header.config.calibrationDigest.map { "digest \($0)" } ?? "a file from before digests"
            return "repriced: priced by another measurement of \(name) (\(theirs); the file now holds digest "
                + "\(digest)), so the job runs again"
        }
        return nil
    }

    /// What `run` would rerun for other prices if it ran now in `folder` (`plan --results`), in
    /// `run`'s words; [] for a folder with nothing done yet. It reads the folder as `run`'s
    /// resume does (JobStanding), writing nothing.
    package static func preview(_ plan: Plan, folder: ResultsFolder) -> [String] {
        guard FileManager.default.fileExists(atPath: folder.journal) else { return [] }
        let records = JournalReplay.read(folder).records
        let jobs = plan.allJobs
        let standings = JobStanding.all(plan: plan, folder: folder, records: records, jobs: jobs)
        var check = PricingCheck()
        for (job, standing) in zip(jobs, standings) {
            let done = if case .done = standing { true } else { false }
            if job.isCalibration {
                let reason: String? = if case .lostResult(let problem) = standing { "its file \(problem)" } else { nil }
                check.note(
                    calibration: job, done: done, measuredBefore: (records[job.id]?.attempts ?? 0) > 0, reason: reason,
                    folder: folder)
            } else if done {
                _ = check.problem(of: job, folder: folder)
            }
        }
        return check.notes
    }

    /// "calibration cal-… is measured again (…): 12 results priced by other prices run again …",
    /// one per calibration that made results run again.
    var notes: [String] {
        rerunOrder.map { id in
            let why = remeasured[id] ?? "holds other prices than some results were priced by"
            return "calibration \(id) \(why): \(rerunCounts[id]!.counted("result")) priced by other prices "
                + "run again (one price per folder, docs/benchmark.md)"
        }
    }
}
