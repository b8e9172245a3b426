/// Prefix forking's part of a job's argv (docs/benchmark.md, "Prefix forking"): a full_update
/// baseline records for its dependents in a fork folder; a dependent starts from a snapshot.
package enum ForkRequest: Sendable, Equatable {
    /// The baseline: its fork folder, holding `fork-plan.json` (the dependents).
    case record(folder: String)
    /// A dependent: the baseline's fork folder and the step of its snapshot.
    case start(folder: String, step: Int)
}
