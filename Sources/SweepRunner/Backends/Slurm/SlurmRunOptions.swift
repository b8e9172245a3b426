import SweepKit
import Vocabulary

/// How `SlurmExecutor.run` behaves beyond what the plan says.
package struct SlurmRunOptions: Sendable {
    /// Submit the whole plan and return at once, leaving the jobs to Slurm.
    package var detach = false
    /// Look once at what Slurm says and record it; submit nothing (`blocksweep status`).
    package var collectOnly = false
    /// Submit the jobs that failed in an earlier run again, with fresh retries.
    package var retryFailed = false
    /// Most tasks of one array at once (`%P`); nil: as many as Slurm gives.
    package var parallel: Int?
    /// The blocksweep binary each task runs as its launcher (it must be reachable on the nodes).
    package var blocksweepPath = "blocksweep"
    /// Catch SIGINT, SIGTERM and SIGHUP: stop watching (the jobs go on in Slurm).
    package var handleSignals = false
    /// A copy of the sweep file, written to sweep.yaml.
    package var sweepSource: String?
    /// Called once the results folder is locked and ready, before anything is submitted.
    package var onStart: (@Sendable () -> Void)?
    /// Called after `onStart` with what a calibration change reruns, and why (PricingCheck).
    package var onNote: (@Sendable (String) -> Void)?
    /// Called with one line per array submitted ("12: 4 jobs, afterok:11").
    package var onSubmitted: (@Sendable (String) -> Void)?
    /// Seconds between polls when nothing changed, growing from `firstPoll` up to `longestPoll`.
    package var firstPoll = 0.25
    package var longestPoll = 5.0
    /// The round policy's pruning, as for the local executor (ExecutorOptions.jobsToStop): asked
    /// at each look with the running tasks' last steps; a task it names is journaled
    /// `stopped_early`, then cancelled in Slurm. While set, looks come at least every
    /// `progressPollSeconds`.
    package var jobsToStop: (@Sendable ([JobProgress]) -> [StopRequest])?
    package var progressPollSeconds = 1.0
    /// Test hook: the runner SIGKILLs itself right after the whole plan is submitted and journaled.
    package var crashAfterSubmit = false
    /// Test hook: SIGKILL right after sbatch answers, before the journal holds the task ids.
    package var crashBeforeJournal = false

    package init() {}
}
