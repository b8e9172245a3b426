import Foundation
import Testing
import Vocabulary

@testable import SweepKit

/// Verdicts no calibration can flip (docs/report.md, "Calibration uncertainty"): the
/// calibration's half-width is in every modelled interval, a verdict it could flip is
/// inconclusive, a run's modelled speedup is priced by its own calibration, and runs priced by
/// two calibrations are never pooled.
@Suite(.timeLimit(.minutes(10))) struct CalibrationVerdictTests {
    typealias F = ReportFixture

    /// Two seeds: full_update at 100 ms modelled, dynamic_suffix at `modelledMs`, val +0.5%,
    /// each dynamic run carrying `halfwidth` and `budgetLoss` (nil: an older result without them).
    static func input(
        modelledMs: Double, halfwidth: Double?, budgetLoss: Double? = nil, valIncrease: Double = 0.005,
        prices: [String?] = ["aaaa", "aaaa"]
    ) -> ReportInput {
        var runs: [RunRecord] = []
        for (i, seed) in [1, 2].enumerated() {
            var full = F.run(.fullUpdate, seed: seed, ms: 100, val: 0.1, file: 2 * i)
            var dyn = F.run(
                .dynamicSuffix, seed: seed, ms: modelledMs, val: 0.1 * (1 + valIncrease + 0.0001 * Double(i)),
                active: 9, file: 2 * i + 1)
            full.result.modelledMeanStepMs = 100
            dyn.result.modelledMeanStepMs = modelledMs
            dyn.result.speedupVsFullModelled = 100 / modelledMs
            dyn.result.modelledHalfwidth = halfwidth
            dyn.result.budgetLossHalfwidth = budgetLoss
            full.pricedBy = prices[i]
            dyn.pricedBy = prices[i]
            runs += [full, dyn]
        }
        return ReportInput(title: "calibration", runs: runs, fileCount: 4)
    }

    static func row(_ input: ReportInput, rules: Rules = Rules()) throws -> ReportRow {
        try #require(Aggregator.aggregate(input, rules: rules).ranked.first)
    }

    @Test func aSpeedupBelowTheThresholdByLessThanTheCalibrationsHalfwidthIsInconclusive() throws {
        // 1.09× against 1.10×: rejected by a calibration known to ±0.1%, not by one known to ±2%.
        let precise = try Self.row(Self.input(modelledMs: 100 / 1.09, halfwidth: 0.001))
        #expect(precise.verdict == .reject)
        let loose = try Self.row(Self.input(modelledMs: 100 / 1.09, halfwidth: 0.02))
        #expect(loose.verdict == .inconclusive)
        #expect(loose.judgement?.flags.contains(.calibrationDecides) == true)
        #expect(loose.judgement?.reasons.first?.contains("by less than the calibration's ±2.00%") == true)
        #expect(loose.judgement?.moreSeeds == nil)
    }

    @Test func aKeepWhoseIntervalTheCalibrationWidensAcrossTheThresholdIsInconclusive() throws {
        // 1.11× on both seeds: the seeds' interval is the point, the calibration's ±2% reaches 1.088×.
        let precise = try Self.row(Self.input(modelledMs: 100 / 1.11, halfwidth: 0.001))
        #expect(precise.verdict == .keep)
        let loose = try Self.row(Self.input(modelledMs: 100 / 1.11, halfwidth: 0.02))
        #expect(loose.verdict == .inconclusive)
        let speedup = try #require(loose.speedup)
        #expect(abs(speedup.lo - 1.11 / 1.02) < 1e-9 && abs(speedup.hi - 1.11 * 1.02) < 1e-9)
        #expect(loose.calibrationMargin == CalibrationMargin(speedup: 0.02, valLossIncrease: 0))
    }

    @Test func theBudgetsEffectOnValLossWidensTheValLossInterval() throws {
        // +1.9% against 2%: kept alone; a budget the calibration could move by 0.0003 in loss
        // (0.3% of the baseline's 0.1) reaches past 2%.
        let none = try Self.row(Self.input(modelledMs: 80, halfwidth: 0.001, budgetLoss: 0, valIncrease: 0.019))
        #expect(none.verdict == .keep)
        let some = try Self.row(Self.input(modelledMs: 80, halfwidth: 0.001, budgetLoss: 0.0003, valIncrease: 0.019))
        #expect(some.verdict == .inconclusive)
        #expect(abs((some.calibrationMargin?.valLossIncrease ?? 0) - 0.003) < 1e-9)
        // +2.1%: rejected unless the budget's reach brings it back under 2%.
        let over = try Self.row(Self.input(modelledMs: 80, halfwidth: 0.001, budgetLoss: 0.0003, valIncrease: 0.021))
        #expect(over.verdict == .inconclusive)
        let farOver = try Self.row(Self.input(modelledMs: 80, halfwidth: 0.001, budgetLoss: 0.0003, valIncrease: 0.03))
        #expect(farOver.verdict == .reject && farOver.judgement?.qualityFailed == true)
    }

    @Test func aRejectTheCalibrationCannotFlipStaysARejectAndSettled() throws {
        let row = try Self.row(Self.input(modelledMs: 100 / 1.02, halfwidth: 0.02))
        #expect(row.verdict == .reject)
        #expect(row.judgement?.speedFailed == true)
    }

    @Test func anInconclusiveTheCalibrationDecidesIsSettledForAdaptiveSeeds() throws {
        let row = try Self.row(Self.input(modelledMs: 100 / 1.09, halfwidth: 0.02))
        #expect(SeedStop.isSettled(row, rules: Rules()))
    }

    @Test func aRunsModelledSpeedupIsPricedByItsOwnCalibrationNotItsBaselines() throws {
        // The baseline's modelled 100 ms came from another calibration than the run's 80 ms;
        // the run's own speedup_vs_full_modelled (its baseline priced by its calibration) says 1.40×.
        var input = Self.input(modelledMs: 80, halfwidth: 0.001)
        for i in input.runs.indices where input.runs[i].result.schedule == .dynamicSuffix {
            input.runs[i].result.speedupVsFullModelled = 1.4
        }
        let row = try Self.row(input)
        #expect(abs(row.speedupModelled!.mean - 1.4) < 1e-9)
        // A result from before (no modelled_halfwidth) is still read as the baseline over the run.
        var old = input
        for i in old.runs.indices { old.runs[i].result.modelledHalfwidth = nil }
        #expect(abs(try Self.row(old).speedupModelled!.mean - 1.25) < 1e-9)
    }

    @Test func runsPricedByTwoCalibrationsAreNeverPooledIntoAVerdict() throws {
        let row = try Self.row(Self.input(modelledMs: 80, halfwidth: 0.001, prices: ["aaaa", "bbbb"]))
        #expect(row.verdict == .inconclusive)
        #expect(row.judgement?.flags.contains(.mixedPrices) == true)
        let reason = try #require(row.judgement?.reasons.first)
        #expect(reason.contains("2 different calibrations (seed 1 by aaaa; seed 2 by bbbb)"), "\(reason)")
        let same = try Self.row(Self.input(modelledMs: 80, halfwidth: 0.001, prices: ["aaaa", "aaaa"]))
        #expect(same.verdict == .keep)
    }

    @Test func aNarrowMarginIsShownWithTheDigitsThatTellItsEndsApart() throws {
        let report = Aggregator.aggregate(Self.input(modelledMs: 100 / 1.25, halfwidth: 0.002), rules: Rules())
        let markdown = MarkdownReport.render(report)
        #expect(markdown.contains("| 1.25× [1.248, 1.252] |"), "\(markdown)")
    }

    @Test func theReportShowsTheMarginAndEachCalibrationsPrecision() throws {
        var input = Self.input(modelledMs: 100 / 1.11, halfwidth: 0.02)
        input.calibrations = [
            CalibrationNote(
                id: "cal-1", worstHalfwidth: 0.0231, converged: false, rounds: 80, seconds: 60, capSeconds: 60,
                neighbours: 1)
        ]
        let report = Aggregator.aggregate(input, rules: Rules())
        let markdown = MarkdownReport.render(report)
        #expect(markdown.contains("Calibration cal-1: stopped at its 60 s cap in 80 rounds"), "\(markdown)")
        #expect(markdown.contains("prices are within ±2.31% only, beside 1 busy neighbour"))
        #expect(markdown.contains("*calibration-decides*"))
        let json = try JSONReport(report).text()
        #expect(json.contains("\"calibration_margin\""))
        #expect(json.contains("\"worst_halfwidth\" : 0.0231"))
    }
}
