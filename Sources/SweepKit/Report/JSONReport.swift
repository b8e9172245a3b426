import Foundation
import Vocabulary

/// The report as JSON (`--format json`, results/<name>/report.json): the same rows and
/// verdicts as the markdown, for scripts.
package struct JSONReport: Encodable {
    struct Summary: Encodable {
        var keep: Int
        var inconclusive: Int
        var reject: Int
        /// Index into `rows` of the best kept configuration.
        var best: Int?
        var files: Int
        var runs: Int
    }

    struct Row: Encodable {
        var config: [String: ParameterValue]
        var schedule: Schedule
        var repeats: Int
        var seeds: [Int]
        var speedup: Estimate?
        var speedupMeasured: Estimate?
        var speedupModelled: Estimate?
        var speedBasis: String?
        var valLossIncrease: Estimate?
        /// What the calibration's uncertainty adds at both ends of `speedup` and
        /// `val_loss_increase` (already in them); absent on the wall clock.
        var calibrationMargin: CalibrationMargin?
        var valLoss: Double?
        var meanStepMs: Double?
        var activeLayers: Double?
        var probes: Double?
        var steps: Double?
        var verdict: Verdict?
        var flags: [RowFlag]
        var reasons: [String]
        var remedies: [Remedy]
        var limits: [String]
        var moreSeeds: Int?
        var sources: [String]
        /// A command runner's own parameters of the row's jobs (absent when none).
        var params: [String: ParameterValue] = [:]
        /// Adaptive seeds only (absent for a fixed list): the seeds used and why no more were.
        var seedsUsed: Int?
        var seedStop: SeedStop?

        enum CodingKeys: String, CodingKey {
            case params, config, schedule, repeats, seeds, speedup, valLossIncrease = "val_loss_increase"
            case speedupMeasured = "speedup_measured", speedupModelled = "speedup_modelled", speedBasis = "speed_basis"
            case valLoss = "val_loss", meanStepMs = "mean_step_ms", activeLayers = "active_layers"
            case probes, steps, verdict, flags, reasons, remedies, limits, moreSeeds = "more_seeds", sources
            case seedsUsed = "seeds_used", seedStop = "seed_stop", calibrationMargin = "calibration_margin"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(config, forKey: .config)
            if !params.isEmpty { try c.encode(params, forKey: .params) }
            try c.encode(schedule, forKey: .schedule)
            try c.encode(repeats, forKey: .repeats)
            try c.encode(seeds, forKey: .seeds)
            try c.encode(speedup, forKey: .speedup)
            try c.encode(speedupMeasured, forKey: .speedupMeasured)
            try c.encode(speedupModelled, forKey: .speedupModelled)
            try c.encode(speedBasis, forKey: .speedBasis)
            try c.encode(valLossIncrease, forKey: .valLossIncrease)
            try c.encodeIfPresent(calibrationMargin, forKey: .calibrationMargin)
            try c.encodeFinite(valLoss, forKey: .valLoss)
            try c.encodeFinite(meanStepMs, forKey: .meanStepMs)
            try c.encodeFinite(activeLayers, forKey: .activeLayers)
            try c.encodeFinite(probes, forKey: .probes)
            try c.encodeFinite(steps, forKey: .steps)
            try c.encode(verdict, forKey: .verdict)
            try c.encode(flags, forKey: .flags)
            try c.encode(reasons, forKey: .reasons)
            try c.encode(remedies, forKey: .remedies)
            try c.encode(limits, forKey: .limits)
            try c.encode(moreSeeds, forKey: .moreSeeds)
            try c.encode(sources, forKey: .sources)
            try c.encodeIfPresent(seedsUsed, forKey: .seedsUsed)
            try c.encodeIfPresent(seedStop, forKey: .seedStop)
        }
    }

    var rules: Rules
    var summary: Summary
    /// The calibrations that priced the runs (absent when none did).
    var calibrations: [CalibrationNote]?
    /// Judged rows: dynamic_suffix ranked, then static_suffix.
    var rows: [Row]
    /// full_update rows, the yardstick.
    var baselines: [Row]
    var failed: [UnfinishedJob]
    /// A command's flat metrics per configuration (absent when it wrote none).
    var metrics: Metrics?
    /// The jobs of a command that writes no result file (absent otherwise).
    var runs: [PlainRun]?

    struct Metrics: Encodable {
        struct Row: Encodable {
            var params: [String: ParameterValue]
            var seeds: [Int]
            var runs: Int
            var values: [String: Estimate]
            var missing: [String: Int]
            var nonFinite: [String: Int]
            var sources: [String]

            enum CodingKeys: String, CodingKey {
                case params, seeds, runs, values, missing, nonFinite = "non_finite", sources
            }
        }
        var sortBy: String?
        var order: ReportSettings.Order?
        var note: String?
        var columns: [String]
        /// Metrics the runs reported beyond the columns kept (MetricsTable.maxMetrics); absent
        /// when every one is shown.
        var notShown: Int?
        var rows: [Row]

        enum CodingKeys: String, CodingKey {
            case sortBy = "sort_by", order, note, columns, notShown = "not_shown", rows
        }
    }

    package init(_ r: SweepReport) {
        rules = r.rules
        calibrations = r.calibrations.isEmpty ? nil : r.calibrations
        let judged = r.ranked + r.baselines.filter { !$0.schedule.isBaseline }
        rows = judged.map { Self.row($0, adaptive: r.adaptiveSeeds, rules: r.rules) }
        baselines = r.baselines.filter(\.schedule.isBaseline).map {
            Self.row($0, adaptive: nil, rules: r.rules)
        }
        failed = r.unfinished
        runs = r.plainRuns.isEmpty ? nil : r.plainRuns
        metrics = r.metrics.map { t in
            Metrics(
                sortBy: t.settings?.sortBy, order: t.settings?.order, note: t.note, columns: t.metrics,
                notShown: t.notShown > 0 ? t.notShown : nil,
                rows: t.rows.map {
                    Metrics.Row(
                        params: $0.params, seeds: $0.seeds, runs: $0.runs, values: $0.estimates,
                        missing: $0.missing, nonFinite: $0.nonFinite, sources: $0.sources)
                })
        }
        summary = Summary(
            keep: r.count(.keep), inconclusive: r.count(.inconclusive), reject: r.count(.reject),
            best: r.bestIndex, files: r.fileCount, runs: r.runCount)
    }

    static func row(_ row: ReportRow, adaptive: AdaptiveSeeds?, rules: Rules) -> Row {
        var config: [String: ParameterValue] = [:]
        for p in BenchParameter.all where p.name != "seed" {
            if let v = row.value(of: p) { config[p.name] = v }
        }
        return Row(
            config: config, schedule: row.schedule, repeats: row.repeats, seeds: row.seeds,
            speedup: row.speedup, speedupMeasured: row.speedupMeasured, speedupModelled: row.speedupModelled,
            speedBasis: row.speedBasis, valLossIncrease: row.valLossIncrease,
            calibrationMargin: row.calibrationMargin, valLoss: row.valLoss,
            meanStepMs: row.meanStepMs, activeLayers: row.activeLayers, probes: row.probes, steps: row.steps,
            verdict: row.verdict, flags: row.judgement?.flags ?? [], reasons: row.judgement?.reasons ?? [],
            remedies: row.remedies, limits: row.limits, moreSeeds: row.judgement?.moreSeeds,
            sources: row.runs.map(\.source), params: row.params,
            seedsUsed: adaptive.map { _ in row.seeds.count },
            seedStop: adaptive.flatMap { SeedStop.of(row, adaptive: $0, rules: rules) })
    }

    /// Pretty, key-sorted JSON text ending in a newline.
    package func text() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
