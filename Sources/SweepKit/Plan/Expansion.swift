/// A plan with the counts `blocksweep plan` shows next to it.
package struct Expansion: Sendable {
    package var plan: Plan
    /// Points before constraints (grid × zip × sample), not counting seeds.
    package var points: Int
    /// Points the constraints kept.
    package var keptPoints: Int
    /// Runs asked for (kept points × seeds × schedules) that repeat a planned job.
    package var shared: Int
    /// Baseline runs added because equal-time-budget jobs need them though the sweep's
    /// schedules leave full_update out.
    package var addedBaselines: Int
}
