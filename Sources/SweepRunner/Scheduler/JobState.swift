import Foundation
import SweepKit

/// The scheduler's view of one job during a run: its phase, attempts left and reason, started
/// from its `JobStanding` and changed only by the executor (the journal records each change,
/// which `JobRecord` replays).
struct JobState {
    enum Phase: Equatable {
        case pending, running, done, failed, skipped
        /// Ended for good by its round policy (pruning): not failed, never retried.
        case stoppedEarly
    }

    let job: Job
    var phase: Phase
    /// Attempts this run may still start.
    var attemptsLeft: Int
    /// The last attempt number started (journal numbering, over all runs).
    var attempt: Int
    var reason: String?
    /// The reason of the `skipped` entry last journaled, so a resume does not write it again.
    var journaledSkip: String?

    /// A job as a (resumed) run first sees it: pending, with what its journal record leaves of
    /// the retry budget (`retries + 1` attempts), at least one.
    init(resuming job: Job, record: JobRecord, budget: Int) {
        self.job = job
        phase = .pending
        attemptsLeft = max(1, budget - record.failuresInBudget)
        attempt = record.attempts
        reason = record.lastReason
        journaledSkip = record.lastEvent == .skipped ? record.lastReason : nil
    }
}
