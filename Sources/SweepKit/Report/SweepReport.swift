import Vocabulary

/// The aggregated sweep: rows judged and ranked, ready to render.
package struct SweepReport: Sendable {
    package var title: String
    package var description: String?
    package var rules: Rules
    /// dynamic_suffix rows: kept by speedup, then inconclusive, then rejected by closeness.
    package var ranked: [ReportRow]
    /// full_update rows, then static_suffix rows (judged like the rest, shown apart).
    package var baselines: [ReportRow]
    package var unfinished: [UnfinishedJob]
    package var fileCount: Int
    package var runner: RunnerSpec?
    /// Parameters whose value differs between ranked rows (their configuration column).
    package var varying: [String]
    /// Settings every run shares that differ from the benchmark defaults.
    package var common: [(name: String, value: ParameterValue)]
    /// A command runner's own parameters whose value differs between ranked rows.
    package var varyingParams: [String] = []
    /// The flat metrics a command wrote, per configuration.
    package var metrics: MetricsTable?
    /// The jobs of a command that writes no result file.
    package var plainRuns: [PlainRun] = []
    /// `seeds: {initial, max}` of the sweep's plan: rows say how many seeds they used and why
    /// they stopped (SeedStop). nil for a fixed seed list.
    package var adaptiveSeeds: AdaptiveSeeds?
    /// The calibrations that priced the runs (ReportInput.calibrations).
    package var calibrations: [CalibrationNote] = []

    package var runCount: Int { (ranked + baselines).reduce(0) { $0 + $1.repeats } }

    /// A command that writes only its own numbers, or nothing: no verdicts to sum up.
    package var onlyOwnRuns: Bool { ranked.isEmpty && baselines.isEmpty && (metrics != nil || !plainRuns.isEmpty) }

    package func count(_ verdict: Verdict) -> Int { ranked.filter { $0.verdict == verdict }.count }

    /// Index into `ranked` of the best kept configuration (ranking puts kept rows first).
    package var bestIndex: Int? { ranked.firstIndex { $0.verdict == .keep } }

    package var best: ReportRow? { bestIndex.map { ranked[$0] } }
}
