/// Everything about a schedule that differs from the others. Each schedule is one type in its
/// own file (`FullUpdate.swift`, `StaticSuffix.swift`, `DynamicSuffix.swift`), listed once by
/// `Schedule.kind`; the engine, the planner and the report ask it, never compare schedules.
package protocol ScheduleKind: Sendable {
    /// Its name in sweep files, result files and reports.
    var schedule: Schedule { get }
    /// How its job ids begin ("dyn-…").
    var idPrefix: String { get }
    /// Its part in the report: the baseline, a reference beside it, or a judged candidate.
    var role: ScheduleRole { get }
    /// Whether its runs take part in prefix forking, and how.
    var forking: ForkRole { get }
    /// Its colour in the report's figures.
    var chartColor: String { get }
    /// The parameters only it reads, in the reference's flag order (`BenchParameter.all`).
    var ownParameters: [BenchParameter] { get }

    /// The active-block counts its steps may have, and whether it probes: what a calibration
    /// must measure to price its runs. A superset where the run decides at run time, never a guess.
    func stepShapes(_ c: BenchConfig) -> (activeCounts: Set<Int>, probes: Bool)
    /// What decides each step's active blocks, for a run of `limit` steps, or one under a
    /// time budget of `budgetMs` (then `limit` is its step cap).
    func stepPlanner(_ c: BenchConfig, budgetMs: Double?, limit: Int) -> any StepPlanner
    /// The result file's `notes`, in the reference script's words.
    func notes(_ c: BenchConfig) -> String
    /// The setting that, at or above n_layers, makes a run the same work as full_update (the
    /// sweep is refused, the report marks it degenerate); nil when no setting can.
    var degenerateSetting: (name: String, value: @Sendable (BenchConfig) -> Int)? { get }
    /// Active blocks per step when fixed by the settings; nil when decided at run time.
    func fixedActiveLayers(_ c: BenchConfig) -> Int?
    /// The cost estimate's view of a run: the share of its steps that train `activeLayers`
    /// blocks on average; the others train every block.
    func expectedShape(_ c: BenchConfig) -> (suffixShare: Double, activeLayers: Double)
    /// The guide's next values to try when a row loses too much quality (none by default).
    func qualityRemedies(_ c: BenchConfig) -> [Remedy]
    /// What besides its active-block count holds a slow row back, given the mean probes and
    /// steps of its runs and the active blocks `minSpeedup` allows (none by default).
    func speedLimits(
        _ c: BenchConfig, probes: Double?, steps: Double?, minSpeedup: Double, activeLayersAllowed: Double
    ) -> [String]
}

extension ScheduleKind {
    package func qualityRemedies(_ c: BenchConfig) -> [Remedy] { [] }
    package func speedLimits(
        _ c: BenchConfig, probes: Double?, steps: Double?, minSpeedup: Double, activeLayersAllowed: Double
    ) -> [String] { [] }
    package var degenerateSetting: (name: String, value: @Sendable (BenchConfig) -> Int)? { nil }
    package var ownParameters: [BenchParameter] { [] }
}

/// A schedule's part in a sweep and its report.
package enum ScheduleRole: Sendable, Equatable {
    /// full_update: runs the configured steps whatever the clock; every other run is paired
    /// with it and judged against it.
    case baseline
    /// Judged against the baseline but shown beside it, ranked among the baselines.
    case reference
    /// What the sweep is for: ranked, judged, given remedies and drawn with its Pareto front.
    case candidate
}

/// How a schedule's runs take part in prefix forking (docs/benchmark.md, "Prefix forking").
package enum ForkRole: Sendable, Equatable {
    /// Never forks, and no run forks from it.
    case none
    /// Runs from step 0 and records the steps its dependents share.
    case source
    /// Forks from its baseline (or a sibling), and is a source for its own siblings.
    case dependent
}

/// Decides each step's active blocks, and learns from probe steps.
package protocol StepPlanner: Sendable {
    /// Step `step`'s plan, given the time spent so far and the train losses of earlier steps.
    mutating func plan(step: Int, elapsedMs: Double, losses: [Double]) -> StepPlan
    /// Learns from a probe step's loss and per-block relevance.
    mutating func recordProbe(step: Int, loss: Double, scores: [Double])
    /// Probe steps taken so far.
    var probeCount: Int { get }
    /// What it decided and why, for the result's trace.
    var events: [TraceEvent] { get }
}

/// One step's plan: the lowest active block, and whether the step probes.
package struct StepPlan: Sendable, Equatable {
    package var activeStart: Int
    package var isProbe: Bool

    package init(activeStart: Int, isProbe: Bool) {
        self.activeStart = activeStart
        self.isProbe = isProbe
    }
}

/// A planner that trains the same top blocks on every step and never probes.
package struct FixedSuffixPlanner: StepPlanner {
    package let activeStart: Int

    package init(activeStart: Int) { self.activeStart = activeStart }

    package func plan(step: Int, elapsedMs: Double, losses: [Double]) -> StepPlan {
        StepPlan(activeStart: activeStart, isProbe: false)
    }
    package func recordProbe(step: Int, loss: Double, scores: [Double]) {}
    package var probeCount: Int { 0 }
    package var events: [TraceEvent] { [] }
}
