import BlockBench
import Foundation
import SweepKit

/// Decides whether an attempt that exited 0 produced a usable result: present, readable as a
/// benchmark result, about this job, with finite losses.
enum ResultCheck {
    /// nil when the result is good, else why it is not.
    static func problem(at path: String, job: Job, runner: JobRunner) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else {
            return FileManager.default.fileExists(atPath: path)
                ? "unreadable result \(path)" : "no result: the job exited 0 but wrote no result file (\(path))"
        }
        let report: BenchReport
        do {
            report = try BenchReport.decode(from: data)
        } catch {
            // Python's json module writes NaN and Infinity, which JSON does not allow.
            let text = String(decoding: data, as: UTF8.self)
            if text.contains("NaN") || text.contains("Infinity") { return "non-finite loss: the result holds NaN or Infinity" }
            return "unreadable result: not a benchmark result JSON (\(ResultsLoader.describe(error)))"
        }
        if let mismatch = runner.mismatch(in: report, for: job) { return "unusable result: \(mismatch)" }
        for row in report.results {
            guard let loss = row.finalValLoss, loss.isFinite, let end = row.trainLossEnd, end.isFinite else {
                return "non-finite loss in \(row.schedule.rawValue) (final_val_loss \(describe(row.finalValLoss)), "
                    + "train_loss_end \(describe(row.trainLossEnd)))"
            }
        }
        return nil
    }

    private static func describe(_ value: Double?) -> String {
        value.map { "\($0)" } ?? "null"
    }
}
