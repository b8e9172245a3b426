import Foundation
import SweepKit
import Vocabulary

/// One price per folder (docs/benchmark.md): on resume, a calibrated job's result counts as done
/// only when the calibration its job reads now priced it, the same file with the same bytes
/// (`config.calibration` and `config.calibration_digest`). A calibration measured again (its file
/// was deleted or damaged), or a sweep that now reads another one (execution.threads changed),
/// reruns the results the old prices set: a row never pairs or pools runs priced by two
/// measurements. A run on the wall clock is priced by the machine it ran on: one that ran on
/// another thread count than `execution.threads` sets now runs again too. Both executors resume
/// through it.
struct PricingCheck {
    /// `execution.threads`: a CPU result that ran on another count was timed under other conditions.
    var threads: Int

    init(threads: Int) { self.threads = threads }

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
            remeasured[job.id] = reason.map { "is measured again (\($0))" } ?? "is measured again"
        } else {
            remeasured[job.id] = "is new to this folder (another model shape, execution.threads or device)"
        }
    }

    /// Why the done result of `job` must run again, or nil when its prices still hold.
    mutating func problem(of job: Job, folder: ResultsFolder) -> String? {
        guard job.schedule != nil, !job.isCalibration else { return nil }
        guard let calibration = job.calibration else {
            return Self.threadsProblem(resultPath: folder.result(job.id), threads: threads)
        }
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

    /// Why a CPU result timed on the wall clock with another thread count than `threads` runs again.
    static func threadsProblem(resultPath: String, threads: Int) -> String? {
        guard let data = FileManager.default.contents(atPath: resultPath),
            let header = try? JSONDecoder().decode(BenchReportHeader.self, from: data),
            header.config.resolvedDevice.hasPrefix("cpu"), let ran = header.system.blasThreads, ran != threads
        else { return nil }
        return "retimed: ran on \(ran.counted("thread")), execution.threads is now \(threads), so the job runs again"
    }

    /// "calibration cal-… is measured again (…): 12 results it priced run again", one per
    /// calibration that made results run again.
    var notes: [String] {
        rerunOrder.map { id in
            let why = remeasured[id] ?? "holds other prices than some results were priced by"
            return "calibration \(id) \(why): \(rerunCounts[id]!.counted("result")) priced by other prices "
                + "run again (one price per folder, docs/benchmark.md)"
        }
    }
}
