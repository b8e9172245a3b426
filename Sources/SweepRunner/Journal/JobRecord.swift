import Foundation
import SweepKit

/// A job's history as the journal tells it. The journal is the only truth about what is done:
/// replaying it after any crash gives the state to resume from.
public struct JobRecord: Sendable, Equatable {
    public var lastEvent: JournalEntry.Event?
    public var lastReason: String?
    /// How many `done` entries the job has (exactly-once: never above 1).
    public var doneCount = 0
    /// Failures since the job last failed for good (or ever): the retries they used up.
    public var failuresInBudget = 0
    public var failedForGood = false
    /// The highest attempt number started.
    public var attempts = 0
    /// Set while the last entry is `started`.
    public var running: RunningAttempt?
    /// Seconds from `started` to `done`, for the ETA.
    public var doneSeconds: Double?

    /// An attempt that started and has not ended (or whose runner died).
    public struct RunningAttempt: Sendable, Equatable {
        public var device: String?
        public var since: String
        public var pid: Int32?
    }

    public init() {}

    /// Marker reason of an attempt the runner ended because it was asked to stop; it does not
    /// count against the job's retries.
    public static let interruptedReason = "interrupted"

    mutating func apply(_ entry: JournalEntry) {
        lastEvent = entry.event
        lastReason = entry.reason
        attempts = max(attempts, entry.attempt)
        switch entry.event {
        case .started:
            running = RunningAttempt(device: entry.device, since: entry.time, pid: entry.pid)
            failedForGood = false
        case .done:
            if let since = running?.since, let start = Journal.date(from: since), let end = Journal.date(from: entry.time) {
                doneSeconds = end.timeIntervalSince(start)
            }
            running = nil
            doneCount += 1
            failedForGood = false
        case .failed:
            running = nil
            if entry.reason != Self.interruptedReason { failuresInBudget += 1 }
            if entry.final == true {
                failedForGood = true
                // A later `--retry-failed` grants a fresh budget.
                failuresInBudget = 0
            }
        case .skipped:
            running = nil
        }
    }

    /// Every job's record, by job id.
    public static func replay(_ entries: [JournalEntry]) -> [String: JobRecord] {
        var records: [String: JobRecord] = [:]
        for entry in entries { records[entry.job, default: JobRecord()].apply(entry) }
        return records
    }
}
