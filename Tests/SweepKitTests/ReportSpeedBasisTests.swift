import Foundation
import Testing
import Vocabulary

@testable import SweepKit

/// Measured and modelled speedups side by side: which one the verdict reads (`rules.speed`),
/// the fallback for results without modelled step times, and the timing-disturbed flag.
@Suite(.timeLimit(.minutes(10)))
struct ReportSpeedBasisTests {
    typealias F = ReportFixture

    /// Two seeds of full_update and one dynamic configuration. `modelled` gives the dynamic
    /// run's modelled mean step ms per seed (full_update's is 100 ms); nil leaves them out.
    static func input(measuredMs: [Double], modelledMs: [Double]?) -> ReportInput {
        var runs: [RunRecord] = []
        for (i, seed) in [1, 2].enumerated() {
            var full = F.run(.fullUpdate, seed: seed, ms: 100, val: 0.1, file: 2 * i)
            var dyn = F.run(.dynamicSuffix, seed: seed, ms: measuredMs[i], val: 0.1005, active: 9, file: 2 * i + 1)
            if let modelledMs {
                full.result.modelledMeanStepMs = 100
                dyn.result.modelledMeanStepMs = modelledMs[i]
            }
            runs += [full, dyn]
        }
        return ReportInput(title: "basis", runs: runs, fileCount: 4)
    }

    @Test func theVerdictReadsTheModelledSpeedupByDefaultAndTheMeasuredOneWhenAsked() throws {
        // Measured 1.05× (rejected at 1.10×), modelled 1.25× (kept).
        let input = Self.input(measuredMs: [95.2, 95.2], modelledMs: [80, 80])
        let modelled = try #require(Aggregator.aggregate(input, rules: Rules()).ranked.first)
        #expect(modelled.speedBasis == "modelled")
        #expect(abs(modelled.speedup!.mean - 1.25) < 1e-9 && modelled.speedup == modelled.speedupModelled)
        #expect(abs(modelled.speedupMeasured!.mean - 100 / 95.2) < 1e-9)
        #expect(modelled.verdict == .keep)

        let measured = try #require(Aggregator.aggregate(input, rules: Rules(speed: .measured)).ranked.first)
        #expect(measured.speedBasis == "measured")
        #expect(measured.speedup == measured.speedupMeasured)
        #expect(measured.speedupModelled == modelled.speedupModelled)
        #expect(measured.verdict == .reject)
    }

    @Test func resultsWithoutModelledTimesFallBackToMeasuredAndSaySo() throws {
        let row = try #require(
            Aggregator.aggregate(Self.input(measuredMs: [80, 80], modelledMs: nil), rules: Rules()).ranked.first)
        #expect(row.speedBasis == "measured (no calibration)")
        #expect(row.speedupModelled == nil)
        #expect(row.speedup == row.speedupMeasured && row.verdict == .keep)
        #expect(!(row.judgement?.flags.contains(.timingDisturbed) ?? true))
    }

    @Test func aRunWhoseTwoSpeedupsDifferByMoreThanFivePercentIsFlaggedWithBoth() throws {
        // Seed 1: measured 1.25×, modelled 1.25×. Seed 2: measured 1.00×, modelled 1.25× (20% off).
        let row = try #require(
            Aggregator.aggregate(
                Self.input(measuredMs: [80, 100], modelledMs: [80, 80]),
                rules: Rules()
            ).ranked.first)
        let judgement = try #require(row.judgement)
        #expect(judgement.flags.contains(.timingDisturbed))
        #expect(
            judgement.reasons.contains("timing disturbed: seed 2: measured 1.00×, modelled 1.25×"),
            "\(judgement.reasons)")
        // Within 5% is no disturbance.
        let calm = try #require(
            Aggregator.aggregate(
                Self.input(measuredMs: [80, 83], modelledMs: [80, 80]),
                rules: Rules()
            ).ranked.first)
        #expect(!(calm.judgement?.flags.contains(.timingDisturbed) ?? true))
    }

    /// The cost model's checks are about timing: they read the measured speedup.
    @Test func suspectTimingReadsTheMeasuredSpeedup() throws {
        // 9 of 18 active: hard limit 2×. Measured 2.5× is impossible, modelled 1.25× is not.
        let row = try #require(
            Aggregator.aggregate(
                Self.input(measuredMs: [40, 40], modelledMs: [80, 80]),
                rules: Rules()
            ).ranked.first)
        #expect(row.judgement?.flags.contains(.suspectTiming) == true)
        // The verdict reads the modelled speedup, which the timing fault cannot move: flagged
        // with its reason, judged as the same runs with a sane measured time.
        let sane = try #require(
            Aggregator.aggregate(Self.input(measuredMs: [80, 80], modelledMs: [80, 80]), rules: Rules()).ranked.first)
        #expect(row.verdict == sane.verdict, "\(row.judgement?.reasons ?? [])")
        #expect(
            row.judgement?.reasons.first?.hasSuffix(
                "check the baseline's timing (the verdict reads the modelled speedup, which timing cannot move)")
                == true,
            "\(row.judgement?.reasons ?? [])")
        // When the verdict reads the measured speedup, an impossible one rejects the row.
        let measured = try #require(
            Aggregator.aggregate(
                Self.input(measuredMs: [40, 40], modelledMs: [80, 80]), rules: Rules(speed: .measured)
            ).ranked.first)
        #expect(measured.judgement?.flags.contains(.suspectTiming) == true)
        #expect(measured.verdict == .reject)
        // And a modelled speedup above the limit with a sane measured one is not suspect.
        let other = try #require(
            Aggregator.aggregate(
                Self.input(measuredMs: [80, 80], modelledMs: [40, 40]),
                rules: Rules()
            ).ranked.first)
        #expect(!(other.judgement?.flags.contains(.suspectTiming) ?? true))
    }

    @Test func markdownAndJSONShowBothSpeedupsAndTheBasis() throws {
        let report = Aggregator.aggregate(Self.input(measuredMs: [80, 100], modelledMs: [80, 80]), rules: Rules())
        let md = MarkdownReport.render(report)
        #expect(md.contains("| speedup (95% CI) | measured / modelled |"))
        #expect(md.contains("| 1.12× / 1.25× |"), "\(md)")
        #expect(md.contains("Verdicts read the modelled speedup"))
        #expect(
            md.contains(
                "- *timing-disturbed*: a run's measured speedup is more than 5% (plus the calibration's margin) off its modelled one"
            ))
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(JSONReport(report).text().utf8)) as? [String: Any])
        let row = try #require((object["rows"] as? [[String: Any]])?.first)
        #expect(row["speed_basis"] as? String == "modelled")
        let modelled = try #require(row["speedup_modelled"] as? [String: Any])
        let measured = try #require(row["speedup_measured"] as? [String: Any])
        #expect(abs((modelled["mean"] as? Double ?? 0) - 1.25) < 1e-9)
        #expect(abs((measured["mean"] as? Double ?? 0) - (1.25 * 1.0).squareRoot()) < 1e-9)
        #expect(Set(modelled.keys) == ["mean", "lo", "hi", "count", "sd"])
        #expect((row["flags"] as? [String])?.contains("timing-disturbed") == true)
    }
}
