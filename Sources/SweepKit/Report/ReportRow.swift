import Vocabulary

/// One run paired with its full_update baseline.
public struct Observation: Sendable, Equatable {
    public var seed: Int
    public var source: String
    public var device: String
    /// full_update mean step ms / this run's; nil when no baseline was found.
    public var speedup: Double?
    /// (val − full val) / full val; +∞ when this run's val loss is not finite; nil unpaired.
    public var valLossIncrease: Double?
    /// Where the baseline came from (figures redraw it).
    public var baselineSource: String?
}

/// One configuration of one schedule, its runs pooled over seeds and repeats.
public struct ReportRow: Sendable {
    public var schedule: Schedule
    /// The settings of its first run; every setting that matters to `schedule` is equal across
    /// the row (that is what makes it a row).
    public var settings: BenchConfig
    public var runs: [RunRecord]
    public var observations: [Observation]
    public var speedup: Estimate?
    public var valLossIncrease: Estimate?
    /// Means over the runs (finite values only).
    public var valLoss: Double?
    public var meanStepMs: Double?
    public var activeLayers: Double?
    public var probes: Double?
    public var steps: Double?
    /// nil for full_update, the yardstick itself.
    public var judgement: Judgement?
    public var remedies: [Remedy] = []
    /// For a speed reject: what holds it back, against the cost model.
    public var limits: [String] = []
    /// Distance from acceptance used to rank rejects (0 for accepted values).
    public var closeness: Double = 0

    public var seeds: [Int] { Array(Set(runs.map(\.settings.seed))).sorted() }
    public var repeats: Int { runs.count }
    public var verdict: Verdict? { judgement?.verdict }
    /// The command runner's own parameters (equal across the row; empty otherwise).
    public var params: [String: ParameterValue] { runs.first?.params ?? [:] }

    /// The value of a setting, or nil when it does not change this schedule's runs.
    public func value(of parameter: BenchParameter) -> ParameterValue? {
        parameter.schedules.contains(schedule) ? parameter.value(in: settings) : nil
    }
}

/// The aggregated sweep: rows judged and ranked, ready to render.
public struct SweepReport: Sendable {
    public var title: String
    public var description: String?
    public var rules: Rules
    /// dynamic_suffix rows: kept by speedup, then inconclusive, then rejected by closeness.
    public var ranked: [ReportRow]
    /// full_update rows, then static_suffix rows (judged like the rest, shown apart).
    public var baselines: [ReportRow]
    public var unfinished: [UnfinishedJob]
    public var fileCount: Int
    public var runner: RunnerSpec?
    /// Parameters whose value differs between ranked rows (their configuration column).
    public var varying: [String]
    /// Settings every run shares that differ from the benchmark defaults.
    public var common: [(name: String, value: ParameterValue)]
    /// A command runner's own parameters whose value differs between ranked rows.
    public var varyingParams: [String] = []
    /// The flat metrics a command wrote, per configuration.
    public var metrics: MetricsTable?
    /// The jobs of a command that writes no result file.
    public var plainRuns: [PlainRun] = []

    public var runCount: Int { (ranked + baselines).reduce(0) { $0 + $1.repeats } }

    /// A command that writes only its own numbers, or nothing: no verdicts to sum up.
    public var onlyOwnRuns: Bool { ranked.isEmpty && baselines.isEmpty && (metrics != nil || !plainRuns.isEmpty) }

    public func count(_ verdict: Verdict) -> Int { ranked.filter { $0.verdict == verdict }.count }

    /// Index into `ranked` of the best kept configuration (ranking puts kept rows first).
    public var bestIndex: Int? { ranked.firstIndex { $0.verdict == .keep } }

    public var best: ReportRow? { bestIndex.map { ranked[$0] } }
}
