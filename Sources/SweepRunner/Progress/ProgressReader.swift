import Foundation
import Vocabulary

/// Reads a running job's progress file (StepRecord) as it grows: only its last few KiB, so a
/// run of many steps costs a poll no more than a short one.
package enum ProgressReader {
    /// The last steps of the running jobs `ids` that have one, in id order: what a pruning
    /// round policy is asked with, by either executor.
    package static func latest(jobs ids: [String], folder: ResultsFolder) -> [JobProgress] {
        ids.sorted().compactMap { latest(job: $0, path: folder.progress($0)) }
    }

    /// The job's last complete step, nil before its first step ends or without a file.
    package static func latest(job: String, path: String) -> JobProgress? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd() else { return nil }
        let tail: UInt64 = 8192
        try? handle.seek(toOffset: size > tail ? size - tail : 0)
        guard let data = try? handle.readToEnd(), let text = String(data: data, encoding: .utf8) else { return nil }
        return JobProgress.lastRecord(in: Substring(text)).map { JobProgress(job: job, last: $0) }
    }
}
