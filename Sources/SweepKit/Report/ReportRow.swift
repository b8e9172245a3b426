import Vocabulary

/// One run paired with its full_update baseline.
package struct Observation: Sendable, Equatable {
    package var seed: Int
    package var source: String
    package var device: String
    /// full_update mean step ms / this run's; nil when no baseline was found.
    package var speedup: Double?
    /// (val − full val) / full val; +∞ when this run's val loss is not finite; nil unpaired.
    package var valLossIncrease: Double?
    /// Where the baseline came from (figures redraw it).
    package var baselineSource: String?
}

/// One configuration of one schedule, its runs pooled over seeds and repeats.
package struct ReportRow: Sendable {
    package var schedule: Schedule
    /// The settings of its first run; every setting that matters to `schedule` is equal across
    /// the row (that is what makes it a row).
    package var settings: BenchConfig
    package var runs: [RunRecord]
    package var observations: [Observation]
    package var speedup: Estimate?
    package var valLossIncrease: Estimate?
    /// Means over the runs (finite values only).
    package var valLoss: Double?
    package var meanStepMs: Double?
    package var activeLayers: Double?
    package var probes: Double?
    package var steps: Double?
    /// nil for full_update, the yardstick itself.
    package var judgement: Judgement?
    package var remedies: [Remedy] = []
    /// For a speed reject: what holds it back, against the cost model.
    package var limits: [String] = []
    /// Distance from acceptance used to rank rejects (0 for accepted values).
    package var closeness: Double = 0

    package var seeds: [Int] { Array(Set(runs.map(\.settings.seed))).sorted() }
    package var repeats: Int { runs.count }
    package var verdict: Verdict? { judgement?.verdict }
    /// The command runner's own parameters (equal across the row; empty otherwise).
    package var params: [String: ParameterValue] { runs.first?.params ?? [:] }

    /// The value of a setting, or nil when it does not change this schedule's runs.
    package func value(of parameter: BenchParameter) -> ParameterValue? {
        parameter.schedules.contains(schedule) ? parameter.value(in: settings) : nil
    }
}

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

    package var runCount: Int { (ranked + baselines).reduce(0) { $0 + $1.repeats } }

    /// A command that writes only its own numbers, or nothing: no verdicts to sum up.
    package var onlyOwnRuns: Bool { ranked.isEmpty && baselines.isEmpty && (metrics != nil || !plainRuns.isEmpty) }

    package func count(_ verdict: Verdict) -> Int { ranked.filter { $0.verdict == verdict }.count }

    /// Index into `ranked` of the best kept configuration (ranking puts kept rows first).
    package var bestIndex: Int? { ranked.firstIndex { $0.verdict == .keep } }

    package var best: ReportRow? { bestIndex.map { ranked[$0] } }
}
