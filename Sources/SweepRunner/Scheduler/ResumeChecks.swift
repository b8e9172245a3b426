import Foundation
import SweepKit
import Vocabulary

#if canImport(Glibc)
    import Glibc
#endif

/// What a resumed run does with a job its journal ended done, or whose result is lost: the
/// same for the local executor and Slurm's, so it is written once here. Each rerun is
/// journaled (a `failed` entry, not final) before the job is queued again.
struct ResumeChecks {
    let folder: ResultsFolder
    let runner: JobRunner
    let journal: Journal
    /// One price per folder: which done results were priced by other prices than the folder's
    /// calibrations hold now (its `notes` are said once the run starts).
    var pricing = PricingCheck()

    init(folder: ResultsFolder, runner: JobRunner, journal: Journal) {
        self.folder = folder
        self.runner = runner
        self.journal = journal
    }

    /// A job the journal ended done stays done (nil), or runs again, and this says why: a
    /// calibrated job's result from before its sweep had calibrations lacks the modelled step
    /// times its dependents' budget and the report read; a result priced by other prices than
    /// its calibration holds now (PricingCheck) would mix two clocks in one verdict.
    mutating func rerunReason(ofDone job: Job, attempts: Int) throws(SweepRunError) -> String? {
        if job.calibration != nil,
            let problem = ResultCheck.problem(at: folder.result(job.id), job: job, runner: runner)
        {
            return try journalLostResult(job.id, problem: problem, attempt: attempts)
        }
        if let problem = pricing.problem(of: job, folder: folder) {
            return try journalRepriced(job.id, problem: problem, attempt: attempts)
        }
        return nil
    }

    /// A result found in place with no `done` in the journal (renamed just before a crash) is
    /// taken, once journaled; nil when it stays done, else why it runs again (repriced).
    mutating func takeFoundResult(of job: Job, attempts: Int, slurm: String? = nil) throws(SweepRunError) -> String? {
        try journal.append(
            JournalEntry(
                time: Journal.timestamp(), job: job.id, event: .done, attempt: max(1, attempts),
                reason: "result found on restart", slurm: slurm), sync: true)
        guard let problem = pricing.problem(of: job, folder: folder) else { return nil }
        return try journalRepriced(job.id, problem: problem, attempt: attempts)
    }

    /// A done job whose result was priced by other prices than its calibration holds now runs
    /// again; its result stays until the new one replaces it.
    private func journalRepriced(_ id: String, problem: String, attempt: Int) throws(SweepRunError) -> String {
        try journal.append(
            JournalEntry(
                time: Journal.timestamp(), job: id, event: .failed, attempt: max(1, attempt),
                reason: problem, final: false), sync: true)
        return problem
    }

    /// A done job whose result is missing or unreadable runs again; an unreadable file is kept
    /// aside as result.unreadable.json (or <id>.unreadable.json for a calibration).
    func journalLostResult(_ id: String, problem: String, attempt: Int) throws(SweepRunError) -> String {
        let path = folder.result(id)
        let present = FileManager.default.fileExists(atPath: path)
        // jobs/<id>/result.json, or calibration/<id>.json for a calibration job.
        let relative = String(path.dropFirst(folder.path.count + 1))
        let aside =
            path.hasSuffix("/result.json")
            ? folder.jobFolder(id) + "/result.unreadable.json"
            : String(path.dropLast(".json".count)) + ".unreadable.json"
        let reason =
            JobRecord.lostResultPrefix + "\(relative) \(problem)"
            + (present ? " (kept as \((aside as NSString).lastPathComponent))" : "") + "; the job runs again"
        try journal.append(
            JournalEntry(
                time: Journal.timestamp(), job: id, event: .failed, attempt: max(1, attempt),
                reason: reason, final: false), sync: true)
        if present { rename(path, aside) }
        return reason
    }
}
