import SweepKit
import Vocabulary

/// How `Executor.run` behaves beyond what the plan says.
package struct ExecutorOptions: Sendable {
    /// Run jobs that failed for good in an earlier run again, with fresh retries.
    package var retryFailed = false
    /// Seconds between SIGTERM and SIGKILL when a job is stopped.
    package var killGrace = 10.0
    /// Catch SIGINT and SIGTERM: stop launching, end the running jobs, keep the journal whole.
    package var handleSignals = false
    /// A copy of the sweep file, written to sweep.yaml.
    package var sweepSource: String?
    /// Test hook: the runner SIGKILLs itself the `count`-th time it reaches `point` (set from
    /// BLOCKSWEEP_CRASH_AT=point:count by the command), to prove a crash there loses nothing.
    package var crashAt: CrashPoint?
    /// Called once the results folder is locked and ready, before any job starts (the command
    /// prints its header here, so a refused second runner prints only the refusal).
    package var onStart: (@Sendable () -> Void)?
    /// Called after `onStart` with each thing the user should know before jobs run (what a
    /// calibration change reruns, and why).
    package var onNote: (@Sendable (String) -> Void)?
    /// The round policy's pruning (RoundPolicy.jobsToStop): asked with each running job's last
    /// step (its progress file) at most every `progressPollSeconds`; each job it names is
    /// journaled `stopped_early` with the reason, then ended. Nil: progress files are not read.
    package var jobsToStop: (@Sendable ([JobProgress]) -> [StopRequest])?
    package var progressPollSeconds = 1.0
    /// Free bytes on the disk of a path (tests replace it to fake a full disk).
    package var freeBytes: @Sendable (String) -> UInt64? = { DiskSpace.available(at: $0) }

    package init() {}
}
