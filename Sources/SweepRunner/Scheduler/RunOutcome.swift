import Vocabulary

/// How a run ended.
package struct RunOutcome: Sendable, Equatable {
    package var total = 0
    package var done = 0
    package var failed = 0
    package var skipped = 0
    /// Jobs still to run because the run was interrupted.
    package var notRun = 0
    package var interrupted = false
    /// Jobs that ended failed or skipped, with the reason, in plan order.
    package var problems: [Problem] = []
    package var notes: [String] = []
    /// Prefix forking: the most bytes of snapshots on disk at once (nil: no job forks).
    package var forkSnapshotPeakBytes: Int?

    package init() {}

    /// The tally of a run's jobs as they stand, for the local executor and Slurm's alike.
    init(jobs: [JobState], interrupted: Bool, label: JobLabel) {
        total = jobs.count
        self.interrupted = interrupted
        for job in jobs {
            switch job.phase {
            case .done: done += 1
            case .failed: failed += 1
            case .skipped: skipped += 1
            case .pending, .running: notRun += 1
            }
            if job.phase == .failed || job.phase == .skipped {
                problems.append(
                    Problem(
                        id: job.job.id, label: label.text(job.job),
                        event: job.phase == .failed ? "failed" : "skipped", reason: job.reason ?? ""))
            }
        }
    }

    package struct Problem: Sendable, Equatable {
        package var id: String
        package var label: String
        /// "failed" or "skipped".
        package var event: String
        package var reason: String
    }

    /// Every job done, some failed or were skipped, or stopped by Ctrl-C (the table's codes).
    package var exitCode: Int32 {
        if interrupted { return ExitCodes.interrupted }
        return failed + skipped > 0 ? ExitCodes.jobsFailed : ExitCodes.success
    }

}
