/// The names of the files in a fork source's folder (docs/benchmark.md, "Prefix forking"), in
/// one place for the runner that writes the plan, the engine that writes the record and the
/// snapshots, and the executor that deletes the snapshots. The torch runner writes the same
/// names (`tools/blocksweep_torch/files.py`).
package enum ForkFiles {
    /// The dependents and their settings, written by the runner before the source starts.
    package static let plan = "fork-plan.json"
    /// What the dependents read: losses, step times, relevance statistics, snapshot list.
    package static let record = "record.json"
    /// In every snapshot's name (and in its partial file's, while it is written).
    package static let snapshotSuffix = ".snapshot"

    /// The weights and AdamW state at `step`.
    package static func snapshot(step: Int) -> String { "step-\(step)" + snapshotSuffix }
}
