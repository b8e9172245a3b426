/// A plan with the counts `blocksweep plan` shows next to it.
public struct Expansion: Sendable {
    public var plan: Plan
    /// Points before constraints (grid × zip × sample), not counting seeds.
    public var points: Int
    /// Points the constraints kept.
    public var keptPoints: Int
    /// Runs asked for (kept points × seeds × schedules) that repeat a planned job.
    public var shared: Int
    /// Baseline runs added because equal-time-budget jobs need them though the sweep's
    /// schedules leave full_update out.
    public var addedBaselines: Int
}
