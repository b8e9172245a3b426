import Foundation
import Testing

@testable import SweepKit

/// Verdicts at the thresholds' edges (defaults: 1.10×, +2%). Edges are inclusive: exactly
/// 1.10× or exactly +2% passes.
@Suite(.timeLimit(.minutes(10)))
struct ReportVerdictTests {
    static func point(_ v: Double) -> Estimate { Estimate(mean: v, lo: v, hi: v, count: 1, sd: 0) }
    static func interval(_ mean: Double, _ lo: Double, _ hi: Double, sd: Double = 0.05, n: Int = 3) -> Estimate {
        Estimate(mean: mean, lo: lo, hi: hi, count: n, sd: sd)
    }

    /// Single runs: point values only.
    @Test(arguments: [
        (1.10, 0.02, Verdict.keep),
        (1.0999, 0.0, Verdict.reject),
        (1.25, 0.0201, Verdict.reject),
        (1.0999, 0.0201, Verdict.reject),
        (1.31, 0.78, Verdict.reject),
        (1.12, 0.0144, Verdict.keep),
        (3.0, -0.5, Verdict.keep)
    ])
    func singleRun(speedup: Double, increase: Double, expected: Verdict) {
        let j = Judge.judge(speedup: Self.point(speedup), increase: Self.point(increase), rules: Rules())
        #expect(j.verdict == expected)
        #expect(j.flags.contains(.singleRun))
        #expect(j.speedFailed == (speedup < 1.10))
        #expect(j.qualityFailed == (increase > 0.02))
        if expected == .reject { #expect(j.reasons.count == (j.speedFailed ? 1 : 0) + (j.qualityFailed ? 1 : 0)) }
    }

    /// With repeats the interval must clear the threshold; a passing mean with a straddling
    /// interval is inconclusive; a failing mean rejects.
    @Test(arguments: [
        // speedup (mean, lo, hi), increase (mean, lo, hi), verdict
        ([1.20, 1.10, 1.30], [0.010, 0.000, 0.020], Verdict.keep),
        ([1.20, 1.0999, 1.30], [0.010, 0.000, 0.020], Verdict.inconclusive),
        ([1.20, 1.15, 1.25], [0.010, 0.000, 0.0201], Verdict.inconclusive),
        ([1.0999, 1.05, 1.15], [0.010, 0.000, 0.020], Verdict.reject),
        ([1.20, 1.15, 1.25], [0.0201, 0.010, 0.030], Verdict.reject),
        ([1.10, 1.05, 1.15], [0.020, 0.010, 0.030], Verdict.inconclusive)
    ])
    func repeated(speedup s: [Double], increase v: [Double], expected: Verdict) {
        let j = Judge.judge(
            speedup: Self.interval(s[0], s[1], s[2]), increase: Self.interval(v[0], v[1], v[2], sd: 0.01),
            rules: Rules())
        #expect(j.verdict == expected)
        #expect(!j.flags.contains(.singleRun))
        if expected == .inconclusive {
            #expect(j.reasons.contains { $0.contains("straddles") })
            #expect(j.reasons.contains { $0.contains("more seed") || $0.contains("too close") })
        }
    }

    @Test func inconclusiveEstimatesMoreSeeds() {
        // Geometric mean 1.15 with sd 0.0435 of the logs over 3 runs: 7 runs in all settle it, so 4 more.
        let s = Estimate(mean: 1.15, lo: 1.05, hi: 1.26, count: 3, sd: 0.0435)
        let j = Judge.judge(speedup: s, increase: Self.interval(0, -0.01, 0.01, sd: 0.01), rules: Rules())
        #expect(j.verdict == .inconclusive)
        #expect(j.moreSeeds == 4)
        #expect(j.reasons.contains("about 4 more seeds would likely settle it"))
    }

    @Test func customThresholds() {
        let rules = Rules(minSpeedup: 1.5, maxValLossIncrease: 0.10)
        #expect(Judge.judge(speedup: Self.point(1.49), increase: Self.point(0), rules: rules).verdict == .reject)
        #expect(Judge.judge(speedup: Self.point(1.5), increase: Self.point(0.10), rules: rules).verdict == .keep)
    }

    @Test func suspectTimingIsNeverKept() {
        let j = Judge.judge(
            speedup: Self.point(4.0), increase: Self.point(0), rules: Rules(), impossibleRuns: 1,
            limits: CostModel(layers: 18, activeLayers: 6))
        #expect(j.verdict == .reject)
        #expect(j.flags.contains(.suspectTiming))
        #expect(j.reasons.first?.contains("hard limit N/K = 3.00×") == true)
    }

    @Test func aboveTheMatmulEstimateIsFlaggedNotRejected() {
        let j = Judge.judge(speedup: Self.point(2.1), increase: Self.point(0), rules: Rules(), aboveEstimateRuns: 1)
        #expect(j.verdict == .keep)
        #expect(j.flags.contains(.aboveMatmulEstimate))
    }

    @Test func unpairedAndDivergedReject() {
        let unpaired = Judge.judge(speedup: nil, increase: nil, rules: Rules())
        #expect(unpaired.verdict == .reject)
        #expect(unpaired.reasons.first?.contains("no full_update result") == true)
        let diverged = Judge.judge(speedup: Self.point(1.5), increase: Self.point(.infinity), rules: Rules())
        #expect(diverged.verdict == .reject && diverged.qualityFailed)
        #expect(diverged.reasons == ["the run diverged (val or train loss NaN, Infinity or null)"])
    }

    @Test func reasonsTellCloseValuesApart() {
        let j = Judge.judge(speedup: Self.point(1.0996), increase: Self.point(0), rules: Rules())
        #expect(j.reasons == ["speedup 1.0996× is below 1.1000×"])
    }

    /// The cost model's two checks at their edges, N = 18 and K = 6: hard limit 3×, +3% noise
    /// allowed; matmul estimate 1.8×, +10% allowed.
    @Test(arguments: [(3.09, false, true), (3.0901, true, false), (1.98, false, false), (1.9801, false, true)])
    func costModelEdges(speedup: Double, impossible: Bool, aboveEstimate: Bool) {
        let m = CostModel(layers: 18, activeLayers: 6)
        #expect(m.isImpossible(speedup) == impossible)
        #expect(!impossible || m.isAboveEstimate(speedup))
        if !impossible { #expect(m.isAboveEstimate(speedup) == aboveEstimate) }
    }
}
