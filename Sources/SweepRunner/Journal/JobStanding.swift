import Foundation
import SweepKit

/// Where one job stands: its journal record (`JobRecord`) read together with its result file.
/// `run` resumes from it, `status` counts it and `report` lists it, so the three always agree;
/// the scheduler then keeps its own `JobState` for the run.
package enum JobStanding: Sendable, Equatable {
    /// Finished. `journaled` is false for a result.json a crash left in place between its
    /// rename and the `done` entry: `run` checks it fully and journals it.
    case done(journaled: Bool)
    /// The journal's last attempt started and has not ended: a runner works on it, or the
    /// runner died and the process may still run (the next `run` adopts it).
    case running(JobRecord.RunningAttempt)
    /// Not started yet, or to be tried again.
    case pending
    /// The journal says done, but the result file is missing or unreadable (the problem, as
    /// `resultProblem` words it): it runs again.
    case lostResult(String)
    case failed(String)
    case skipped(String)
    /// Stopped by its round policy before its end (pruning): ended for good, not failed.
    case stoppedEarly(String)

    /// One job's standing. `writesResult`: whether the runner leaves a result file (a command
    /// without `{result}` does not: its jobs are done on exit 0, with no file to look at).
    /// `calibration`: the job is a calibration, whose file must also read as one (a damaged one
    /// is measured again, not handed to the jobs it prices).
    package static func of(
        _ record: JobRecord?, resultPath: String, writesResult: Bool, calibration: Bool = false
    ) -> JobStanding {
        let record = record ?? JobRecord()
        let writesResult = writesResult || calibration
        func problem() -> String? {
            resultProblem(at: resultPath) ?? (calibration ? calibrationProblem(at: resultPath) : nil)
        }
        if record.isDone {
            guard writesResult else { return .done(journaled: true) }
            if let problem = problem() { return .lostResult(problem) }
            return .done(journaled: true)
        }
        // The journal is the truth for jobs it has ended; only a job it left open or never
        // saw may take a result.json found in place.
        let open =
            record.lastEvent == nil || record.running != nil
            || (record.lastEvent == .failed && !record.failedForGood)
        if open, writesResult, FileManager.default.fileExists(atPath: resultPath), problem() == nil {
            return .done(journaled: false)
        }
        if let attempt = record.running { return .running(attempt) }
        if record.failedForGood { return .failed(record.lastReason ?? "no reason recorded") }
        if record.lastEvent == .skipped { return .skipped(record.lastReason ?? "no reason recorded") }
        if record.lastEvent == .stoppedEarly { return .stoppedEarly(record.lastReason ?? "no reason recorded") }
        return .pending
    }

    /// Every job of the plan, in plan order, from the folder's journal (or the records given).
    /// Result files are looked at on all cores: a large sweep holds many.
    /// `jobs` defaults to the plan's jobs; the executor passes `plan.allJobs` (calibrations too).
    package static func all(
        plan: Plan, folder: ResultsFolder, records: [String: JobRecord]? = nil,
        jobs: [Job]? = nil
    ) -> [JobStanding] {
        let records = records ?? JournalReplay.read(folder).records
        let jobs = jobs ?? plan.jobs
        let writes = plan.runner.writesResult
        final class Box: @unchecked Sendable {
            // Each index is written by exactly one iteration; read after all have finished.
            var items: [JobStanding]
            init(_ n: Int) { items = Array(repeating: .pending, count: n) }
        }
        let box = Box(jobs.count)
        let chunk = 64
        box.items.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: (jobs.count + chunk - 1) / chunk) { c in
                for i in (c * chunk)..<min(jobs.count, (c + 1) * chunk) {
                    let id = jobs[i].id
                    out[i] = of(
                        records[id], resultPath: folder.result(id), writesResult: writes,
                        calibration: jobs[i].isCalibration)
                }
            }
        }
        return box.items
    }

    /// Why a result file cannot be taken as a finished job's result ("is missing", "is empty",
    /// …), or nil when it can. A cheap check, for `status` reads every result of a sweep:
    /// results are renamed into place only after the full check (ResultCheck), so what goes
    /// wrong later is a deletion, a truncation or a swap, and those this catches.
    package static func resultProblem(at path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else {
            return FileManager.default.fileExists(atPath: path) ? "cannot be read" : "is missing"
        }
        if data.isEmpty { return "is empty" }
        return isWholeObject(data) ? nil : "is not a JSON object"
    }

    /// Why a whole JSON object is not a calibration file (CalibrationSummary), or nil.
    static func calibrationProblem(at path: String) -> String? {
        if case .failure = CalibrationSummary.read(path) {
            return "is not a calibration written by `blocksweep calibrate`"
        }
        return nil
    }

    /// Whether `data` is one whole JSON object: `{`, then braces and brackets that pair up
    /// outside strings, closed by the last `}` with nothing but whitespace after it. The
    /// tokens in between are not checked; 25 times faster than JSONSerialization (0.2 s for
    /// 10,000 results, against 5.5 s), which builds every value.
    static func isWholeObject(_ data: Data) -> Bool {
        data.withUnsafeBytes { bytes -> Bool in
            var closers: [UInt8] = []
            var inString = false
            var escaped = false
            var ended = false
            for b in bytes {
                if inString {
                    if escaped {
                        escaped = false
                    } else if b == UInt8(ascii: "\\") {
                        escaped = true
                    } else if b == UInt8(ascii: "\"") {
                        inString = false
                    }
                    continue
                }
                if b == UInt8(ascii: " ") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r")
                    || b == UInt8(ascii: "\t")
                {
                    continue
                }
                if ended || (closers.isEmpty && b != UInt8(ascii: "{")) { return false }
                switch b {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"): closers.append(UInt8(ascii: "}"))
                case UInt8(ascii: "["): closers.append(UInt8(ascii: "]"))
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    guard closers.popLast() == b else { return false }
                    ended = closers.isEmpty
                default: break
                }
            }
            return ended
        }
    }
}
