import Foundation
import SweepKit

/// Decides whether an attempt that exited 0 produced a usable result: present, and either a
/// benchmark result about this job or a flat object of numbers (`ResultContent`). A diverged
/// run (a non-finite loss) is a result: the same seed would diverge again, and the report
/// judges it.
enum ResultCheck {
    /// Why an attempt's result is unusable, and whether another attempt could change that.
    struct Problem: Equatable {
        var reason: String
        /// False for a file that is there but wrong: the same command writes the same file.
        var retryable: Bool
    }

    /// nil when the result is good, else why it is not.
    static func check(at path: String, job: Job, runner: JobRunner) -> Problem? {
        guard let data = FileManager.default.contents(atPath: path) else {
            return FileManager.default.fileExists(atPath: path)
                ? Problem(reason: "unreadable result \(path)", retryable: true)
                : Problem(reason: "no result: the job exited 0 but wrote no result file (\(path))", retryable: true)
        }
        // Nothing written at all (a full disk leaves this, or a job that opened the file and
        // stopped): like a missing file, another attempt may write it.
        if data.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            return Problem(
                reason: "no result: the job exited 0 but its result file is empty (\(path)); "
                    + "is the disk full?", retryable: true)
        }
        if job.isCalibration {
            if case .failure(let problem) = CalibrationSummary.read(path) {
                return Problem(reason: "unusable result: \(problem.message)", retryable: false)
            }
            return nil
        }
        switch ResultContent.read(data, decoder: JSONDecoder()) {
        case .failure(let error):
            return Problem(reason: "unusable result: \(error.message)", retryable: false)
        case .success(.metrics):
            return nil
        case .success(.benchmark(let header)):
            if let mismatch = runner.mismatch(in: header, for: job) {
                return Problem(reason: "unusable result: \(mismatch)", retryable: false)
            }
            return nil
        }
    }

    /// The reason alone, for callers that only log it.
    static func problem(at path: String, job: Job, runner: JobRunner) -> String? {
        check(at: path, job: job, runner: runner)?.reason
    }
}
