import SweepKit
import Vocabulary

/// How a run ended.
package struct RunOutcome: Sendable, Equatable {
    package var total = 0
    package var done = 0
    package var failed = 0
    package var skipped = 0
    /// Jobs their round policy stopped before their end (pruning): by design, not a failure.
    package var stoppedEarly = 0
    /// Jobs still to run because the run was interrupted.
    package var notRun = 0
    /// Of `total` and of `notRun`: the calibrations. Lines that count jobs in words say
    /// "12 jobs and 1 calibration" (jobsAndCalibrations); the counters count both.
    package var calibrations = 0
    package var calibrationsNotRun = 0
    /// Jobs (calibrations aside) whose attempt ended done in this run, adopted and collected
    /// ones too: none means the run computed no result, only read what earlier runs left.
    package var doneThisRun = 0
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
            if job.job.isCalibration { calibrations += 1 }
            switch job.phase {
            case .done: done += 1
            case .failed: failed += 1
            case .skipped: skipped += 1
            case .stoppedEarly: stoppedEarly += 1
            case .pending, .running:
                notRun += 1
                if job.job.isCalibration { calibrationsNotRun += 1 }
            }
            if job.phase.blocksDependents {
                let event = job.phase == .failed ? "failed" : job.phase == .skipped ? "skipped" : "stopped early"
                problems.append(
                    Problem(id: job.job.id, label: label.text(job.job), event: event, reason: job.reason ?? ""))
            }
        }
    }

    /// "12 jobs and 1 calibration": what the run counts, in words.
    package var totalText: String { jobsAndCalibrations(total - calibrations, calibrations) }
    /// "3 jobs and 1 calibration": those still to run, in words.
    package var notRunText: String { jobsAndCalibrations(notRun - calibrationsNotRun, calibrationsNotRun) }

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
