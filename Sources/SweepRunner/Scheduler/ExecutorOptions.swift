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

    package init() {}
}

/// A place in a job's completion where a crash is most likely to break exactly-once.
package struct CrashPoint: Sendable, Equatable {
    package enum Place: String, Sendable, CaseIterable {
        /// After the started entry, while the job runs.
        case afterStart = "after-start"
        /// After the result is checked, before it is renamed to result.json.
        case beforeRename = "before-rename"
        /// After the rename, before the done entry.
        case afterRename = "after-rename"
        /// After the done entry.
        case afterDone = "after-done"
    }

    package var place: Place
    package var count: Int

    package init(place: Place, count: Int) {
        self.place = place
        self.count = count
    }

    /// Parses "after-rename:2" (count defaults to 1).
    package init?(_ text: String) {
        let parts = text.split(separator: ":")
        guard let first = parts.first, let place = Place(rawValue: String(first)) else { return nil }
        let count = parts.count > 1 ? Int(parts[1]) : 1
        guard let count, count >= 1, parts.count <= 2 else { return nil }
        self.init(place: place, count: count)
    }
}
