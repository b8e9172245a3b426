/// One line of results/<name>/journal.jsonl: a job's state change. The journal is append-only;
/// a job's state is its last entry.
package struct JournalEntry: Sendable, Equatable, Codable {
    package enum Event: String, Sendable, Codable {
        case started, done, failed, skipped
        /// Slurm backend: the attempt was handed to Slurm (`slurm` names its array task); it is
        /// queued there until a `started` entry says it runs.
        case submitted
        /// Adaptive seeds: the job was added to the plan during the run (an inconclusive row's
        /// next seed; `reason` says which). It changes no job's state: the job is pending until
        /// its `started`. The job itself is kept in the results folder's added-jobs.json.
        case added
        /// A round policy stopped the running attempt before its end (pruning; `reason` says
        /// why). The job is ended for good: never retried, not failed, no result.
        case stoppedEarly = "stopped_early"
    }

    /// ISO 8601, UTC.
    package var time: String
    package var job: String
    package var event: Event
    /// 1 for the first try.
    package var attempt: Int
    /// Where it ran, e.g. "cpu:0-1" or "cuda:0".
    package var device: String?
    /// Why it failed or was skipped.
    package var reason: String?
    /// On `failed`: true when no attempt follows (failed for good), false when the job will be
    /// tried again or the attempt was interrupted. Absent on other events.
    package var final: Bool?
    /// On `started`: the process id (also its process group), so a restarted runner can end an
    /// attempt the crashed runner left behind.
    package var pid: Int32?
    /// When the runner that wrote the entry started (absent in older journals): the entries of
    /// one runner session share it, so `blocksweep status` counts only the time runners worked,
    /// not the days between two runs.
    package var session: String?
    /// Slurm backend: the attempt's array task, "<array job id>_<task index>", so a later run
    /// re-attaches to it instead of submitting it again.
    package var slurm: String?

    package init(
        time: String, job: String, event: Event, attempt: Int, device: String? = nil,
        reason: String? = nil, final: Bool? = nil, pid: Int32? = nil, session: String? = nil,
        slurm: String? = nil
    ) {
        self.time = time
        self.job = job
        self.event = event
        self.attempt = attempt
        self.device = device
        self.reason = reason
        self.final = final
        self.pid = pid
        self.session = session
        self.slurm = slurm
    }
}
