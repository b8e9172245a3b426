/// A place in a job's completion where a crash is most likely to break exactly-once.
package struct CrashPoint: Sendable, Equatable {
    /// The testing hook's variable, for the crash-safety tests only: `after-rename:2` makes the
    /// local runner SIGKILL itself the 2nd time it reaches that point; `after-submit` and
    /// `after-sbatch` make the Slurm runner die right after submitting and journaling, or right
    /// after sbatch answers. A crash is what the journal is built to survive, so a stray setting
    /// costs a rerun, never a result; an unknown value is ignored, and jobs never inherit it.
    package static let environmentVariable = "BLOCKSWEEP_CRASH_AT"

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
