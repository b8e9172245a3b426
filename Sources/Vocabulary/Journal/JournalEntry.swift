/// One line of results/<name>/journal.jsonl: a job's state change. The journal is append-only;
/// a job's state is its last entry.
public struct JournalEntry: Sendable, Equatable, Codable {
    public enum Event: String, Sendable, Codable {
        case started, done, failed, skipped
    }

    /// ISO 8601, UTC.
    public var time: String
    public var job: String
    public var event: Event
    /// 1 for the first try.
    public var attempt: Int
    /// Where it ran, e.g. "cpu:0-1" or "cuda:0".
    public var device: String?
    /// Why it failed or was skipped.
    public var reason: String?
    /// On `failed`: true when no attempt follows (failed for good), false when the job will be
    /// tried again or the attempt was interrupted. Absent on other events.
    public var final: Bool?
    /// On `started`: the process id (also its process group), so a restarted runner can end an
    /// attempt the crashed runner left behind.
    public var pid: Int32?
    /// When the runner that wrote the entry started (absent in older journals): the entries of
    /// one runner session share it, so `blocksweep status` counts only the time runners worked,
    /// not the days between two runs.
    public var session: String?

    public init(time: String, job: String, event: Event, attempt: Int, device: String? = nil,
                reason: String? = nil, final: Bool? = nil, pid: Int32? = nil, session: String? = nil) {
        self.time = time
        self.job = job
        self.event = event
        self.attempt = attempt
        self.device = device
        self.reason = reason
        self.final = final
        self.pid = pid
        self.session = session
    }
}
