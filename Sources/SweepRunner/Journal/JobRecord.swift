import Foundation
import SweepKit
import Vocabulary

/// A job's history as the journal tells it. The journal is the only truth about what is done:
/// replaying it after any crash gives the state to resume from. The three views of a job:
/// `JobRecord` is what the journal says (its entries replayed); `JobStanding` is that record
/// read together with the job's result file, which run, status and report share; `JobState`
/// is the scheduler's own working state while a run goes (phase, attempts left, slot).
package struct JobRecord: Sendable, Equatable {
    package var lastEvent: JournalEntry.Event?
    package var lastReason: String?
    /// How many `done` entries the job has: one, unless a lost result made it run again.
    package var doneCount = 0
    /// The job's last ending is a `done` (no attempt, failure or skip came after it).
    package var isDone = false
    /// Failures since the job last failed for good (or ever): the retries they used up.
    package var failuresInBudget = 0
    package var failedForGood = false
    /// The highest attempt number started.
    package var attempts = 0
    /// Set while the last entry is `started`.
    package var running: RunningAttempt?
    /// Seconds from `started` to `done`, for the ETA.
    package var doneSeconds: Double?
    /// When the last attempt started, and when the last entry was written.
    package var lastStarted: String?
    package var lastTime: String?

    /// An attempt that started and has not ended (or whose runner died).
    package struct RunningAttempt: Sendable, Equatable {
        package var attempt: Int
        package var device: String?
        package var since: String
        package var pid: Int32?
        /// Slurm backend: the array task ("123_4") the attempt runs as.
        package var slurm: String?
        /// Slurm backend: submitted and still queued (no `started` entry yet).
        package var queued = false
    }

    package init() {}

    /// Marker reason of an attempt the runner ended because it was asked to stop; it does not
    /// count against the job's retries.
    package static let interruptedReason = "interrupted"

    /// Reason of an attempt whose process outlived a crashed runner and ended unseen, for a
    /// runner that writes no result file: its exit status cannot be known, so it runs again.
    package static let unknownEndReason =
        "interrupted: the runner died while the job ran; a job that writes no result file "
        + "is judged by its exit status, which cannot be known after that, so it runs again"

    /// Start of the reason journaled when a done job's result.json is missing or unreadable
    /// and the job runs again.
    package static let lostResultPrefix = "result lost: "

    /// Start of the reason journaled when an attempt failed while the results disk was full.
    package static let diskFullPrefix = "the results disk is full: "

    /// Start of the reason journaled when Slurm lost an attempt (a pre-empted or failed node)
    /// or it was cancelled before it started to be submitted again: it runs again, free.
    package static let requeuedPrefix = "requeued: "

    /// Failures that say nothing about the job itself (a stop, a runner crash, a lost result,
    /// a full disk, a node Slurm lost) do not use up its retries.
    static func countsAgainstRetries(_ reason: String?) -> Bool {
        guard let reason else { return true }
        return reason != interruptedReason && reason != unknownEndReason && !reason.hasPrefix(lostResultPrefix)
            && !reason.hasPrefix(diskFullPrefix) && !reason.hasPrefix(requeuedPrefix)
    }

    mutating func apply(_ entry: JournalEntry) {
        // Adding a job to the plan is no attempt: its record starts at its first `started`.
        guard entry.event != .added else { return }
        lastEvent = entry.event
        lastReason = entry.reason
        lastTime = entry.time
        if entry.event == .started { lastStarted = entry.time }
        attempts = max(attempts, entry.attempt)
        switch entry.event {
        case .started:
            running = RunningAttempt(
                attempt: entry.attempt, device: entry.device, since: entry.time, pid: entry.pid,
                slurm: entry.slurm ?? running?.slurm)
            failedForGood = false
            isDone = false
        case .added:
            break
        case .submitted:
            running = RunningAttempt(
                attempt: entry.attempt, device: entry.device, since: entry.time, pid: nil, slurm: entry.slurm,
                queued: true)
            failedForGood = false
            isDone = false
        case .done:
            if let since = running?.since, let start = Journal.date(from: since),
                let end = Journal.date(from: entry.time)
            {
                doneSeconds = end.timeIntervalSince(start)
            }
            running = nil
            doneCount += 1
            isDone = true
            failedForGood = false
        case .failed:
            running = nil
            isDone = false
            if Self.countsAgainstRetries(entry.reason) { failuresInBudget += 1 }
            if entry.final == true {
                failedForGood = true
                // A later `--retry-failed` grants a fresh budget.
                failuresInBudget = 0
            }
        case .skipped, .stoppedEarly:
            running = nil
            isDone = false
        }
    }

    /// Every job's record, by job id (JournalReplay's reading).
    package static func replay(_ entries: [JournalEntry]) -> [String: JobRecord] {
        JournalReplay(entries).records
    }
}
