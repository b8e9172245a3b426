import Foundation
import Testing
import Vocabulary

@testable import SweepKit

/// Speedups are ratios: pooled and intervalled on the log scale, so an interval never reaches
/// below zero, and the scatter's axes follow the points, not the widest interval.
@Suite(.timeLimit(.minutes(10)))
struct SpeedupIntervalTests {
    @Test func ratiosPoolToTheGeometricMeanWithAPositiveInterval() throws {
        // Two seeds far apart: on the raw values t(1) gives [-15.19, 20.39].
        let e = try #require(Estimate.ofRatios([1.2, 4.0]))
        #expect(abs(e.mean - (1.2 * 4.0).squareRoot()) < 1e-12)
        #expect(e.lo > 0 && e.lo < e.mean && e.hi > e.mean)
        // exp(mean of logs ± t(0.975, 1) · sd / √2), sd of the logs.
        let logs = [log(1.2), log(4.0)]
        let sd = abs(logs[1] - logs[0]) / 2.0.squareRoot()
        let half = 12.7062 * sd / 2.0.squareRoot()
        #expect(abs(e.lo - exp((logs[0] + logs[1]) / 2 - half)) / e.lo < 1e-3)
        #expect(abs(e.hi - exp((logs[0] + logs[1]) / 2 + half)) / e.hi < 1e-3)
        #expect(abs(e.sd - sd) < 1e-12)
    }

    @Test func aBadRatioFailsEveryBound() throws {
        let e = try #require(Estimate.ofRatios([1.2, 0]))
        #expect(e.mean.isNaN && e.lo.isNaN && e.hi.isNaN)
        #expect(Estimate.ofRatios([]) == nil)
        #expect(Estimate.ofRatios([1.5]) == Estimate(mean: 1.5, lo: 1.5, hi: 1.5, count: 1, sd: 0))
    }

    /// Two seeds with very different step times: the row's speedup interval stays positive.
    static func twoSeedReport() -> SweepReport {
        var runs: [RunRecord] = []
        for (seed, ms) in [(1, 60.0), (2, 18.0)] {
            runs.append(ReportFixture.run(.fullUpdate, seed: seed, ms: 72, val: 0.1, file: seed * 2))
            runs.append(ReportFixture.run(.dynamicSuffix, seed: seed, ms: ms, val: 0.1005, file: seed * 2 + 1))
        }
        return Aggregator.aggregate(ReportInput(title: "wide", runs: runs, fileCount: 4), rules: Rules())
    }

    @Test func aTwoSeedRowNeverReadsANegativeSpeedup() throws {
        let report = Self.twoSeedReport()
        let row = try #require(report.ranked.first)
        let s = try #require(row.speedup)
        #expect(s.count == 2)
        #expect(abs(s.mean - (1.2 * 4.0).squareRoot()) < 1e-9)
        #expect(s.lo > 0)
        #expect(row.verdict == .inconclusive)
        let markdown = MarkdownReport.render(report)
        #expect(!markdown.contains("[-"))
        // The low end keeps its digits: positive, never "0.00".
        #expect(markdown.contains("2.19× [\(String(format: "%.2g", s.lo)), "))
        #expect(!markdown.contains("[0.00,"))
    }

    @Test func moreSeedsAreEstimatedOnTheLogScale() {
        // Geometric mean 1.15, sd of the logs 0.0435: the gap ln 1.15 − ln 1.10 = 0.0445 is
        // settled by 7 runs (t(6)·sd/√7 = 0.0402), so 4 more after 3.
        let s = Estimate(mean: 1.15, lo: 1.05, hi: 1.26, count: 3, sd: 0.0435)
        let j = Judge.judge(
            speedup: s, increase: Estimate(mean: 0, lo: -0.01, hi: 0.01, count: 3, sd: 0.01), rules: Rules())
        #expect(j.verdict == .inconclusive)
        #expect(j.moreSeeds == 4)
    }

    /// The points set the axes; an interval past the frame stops at its edge with a chevron.
    @Test func aWideIntervalIsClippedWithAMarkNotStretchedInto() throws {
        let svg = ReportFigures.scatter(Self.twoSeedReport())
        // The interval reaches far above 10×, but the y ticks stay near the points and thresholds.
        let ticks = try NSRegularExpression(pattern: ##"text-anchor="end">([0-9.]+)×</text>"##)
        let ns = svg as NSString
        let values = ticks.matches(in: svg, range: NSRange(location: 0, length: ns.length))
            .map { Double(ns.substring(with: $0.range(at: 1)))! }
        #expect(!values.isEmpty)
        #expect((values.max() ?? 0) < 3)
        #expect(svg.contains(##"<polyline class="clipped""##))
    }

    @Test func anIntervalInsideTheFrameHasNoMark() {
        let series = SVGChart.Series(
            name: "rows", color: "#d64545", points: [(1, 1.5)], style: .markers,
            errors: [(0.5, 1.5, 1.4, 1.6)])
        let chart = SVGChart(
            title: "t", x: ChartAxis.fitting([0, 2], label: "x"), y: ChartAxis.fitting([1, 2], label: "y"),
            series: [series])
        #expect(!chart.render().contains("clipped"))
        var wide = series
        wide.errors = [(-5, 1.5, 1.4, 9)]
        let svg = SVGChart(
            title: "t", x: ChartAxis.fitting([0, 2], label: "x"), y: ChartAxis.fitting([1, 2], label: "y"),
            series: [wide]
        ).render()
        #expect(svg.components(separatedBy: "class=\"clipped\"").count - 1 == 2)
    }
}
