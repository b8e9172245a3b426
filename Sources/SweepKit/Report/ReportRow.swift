import Vocabulary

/// One configuration of one schedule, its runs pooled over seeds and repeats.
package struct ReportRow: Sendable {
    package var schedule: Schedule
    /// The settings of its first run; every setting that matters to `schedule` is equal across
    /// the row (that is what makes it a row).
    package var settings: BenchConfig
    package var runs: [RunRecord]
    package var observations: [Observation]
    /// The speedup the verdict used: `speedupModelled` or `speedupMeasured`, per `speedBasis`.
    package var speedup: Estimate?
    package var speedupMeasured: Estimate?
    /// nil unless every paired run and its baseline have modelled step times.
    package var speedupModelled: Estimate?
    /// "modelled", "measured", or "measured (no calibration)" when the rules ask for modelled
    /// speedups but the results hold none (reference files, results from before calibration).
    package var speedBasis: String?
    package var valLossIncrease: Estimate?
    /// How far the calibration's own uncertainty reaches (nil on the wall clock and for older
    /// results); `speedup` and `valLossIncrease` are already widened by it.
    package var calibrationMargin: CalibrationMargin?
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
