import Testing
import Vocabulary

@testable import SweepKit

/// When adaptive seeds stop adding seeds to a row (SeedStop): only once the report's own
/// verdict is settled. A keep is; a reject is when its failing interval lies clear of the
/// threshold, not when only its mean crosses it.
@Suite(.timeLimit(.minutes(10)))
struct SeedStopTests {
    /// One dynamic_suffix row at 2× over seeds with these val-loss increases.
    static func row(_ increases: [Double]) -> ReportRow {
        var runs: [RunRecord] = []
        for (i, increase) in increases.enumerated() {
            runs.append(ReportFixture.run(.fullUpdate, seed: i + 1, ms: 10, val: 3.0, file: 2 * i))
            runs.append(
                ReportFixture.run(
                    .dynamicSuffix, seed: i + 1, ms: 5, val: 3.0 * (1 + increase), active: 6, file: 2 * i + 1))
        }
        let report = Aggregator.aggregate(ReportInput(title: "t", runs: runs, fileCount: runs.count), rules: Rules())
        return report.ranked[0]
    }

    @Test func aClearRejectAndAKeepAreSettled() {
        let reject = Self.row([0.10, 0.11])
        #expect(reject.verdict == .reject && SeedStop.isSettled(reject, rules: Rules()))
        let keep = Self.row([-0.050, -0.051])
        #expect(keep.verdict == .keep && SeedStop.isSettled(keep, rules: Rules()))
        let adaptive = AdaptiveSeeds(initial: 2, max: 6)
        #expect(SeedStop.of(reject, adaptive: adaptive, rules: Rules()) == .settled)
        #expect(SeedStop.text(keep, adaptive: adaptive, rules: Rules()) == "2, settled: keep")
    }

    /// Mean +2.5%, above the 2% allowed, but its interval reaches far below: a reject that more
    /// seeds may turn, so it is not settled.
    @Test func aRejectByItsMeanAloneIsNotSettled() {
        let row = Self.row([0.035, 0.015])
        #expect(row.verdict == .reject)
        #expect(!SeedStop.isSettled(row, rules: Rules()))
        #expect(SeedStop.of(row, adaptive: AdaptiveSeeds(initial: 2, max: 6), rules: Rules()) == .open)
        #expect(SeedStop.of(row, adaptive: AdaptiveSeeds(initial: 2, max: 2), rules: Rules()) == .reachedMax)
    }

    @Test func anInconclusiveRowIsNotSettledUntilMax() {
        let row = Self.row([0.012, 0.018, 0.014])
        #expect(row.verdict == .inconclusive)
        #expect(SeedStop.of(row, adaptive: AdaptiveSeeds(initial: 2, max: 6), rules: Rules()) == .open)
        #expect(SeedStop.text(row, adaptive: AdaptiveSeeds(initial: 2, max: 3), rules: Rules()) == "3, reached max")
    }

    /// A diverged run rejects whatever more seeds say.
    @Test func aDivergedRejectIsSettled() {
        let row = Self.row([.nan, 0.01])
        #expect(row.verdict == .reject && SeedStop.isSettled(row, rules: Rules()))
    }
}
