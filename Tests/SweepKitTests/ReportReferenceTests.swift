import Foundation
import Testing
import Vocabulary

@testable import SweepKit

/// The reference benchmark's real files give the verdicts a reader of the seed's guide expects.
@Suite(.timeLimit(.minutes(10)))
struct ReportReferenceTests {
    typealias F = ReportFixture

    @Test func theTunedRunIsKeptAtTheDefaults() throws {
        let report = Aggregator.aggregate(try F.reference([F.tuned]), rules: Rules())
        let row = try #require(report.ranked.first)
        #expect(row.verdict == .keep)
        #expect(row.judgement?.flags == [.singleRun])
        #expect(abs(row.speedup!.mean - 1.1165) < 1e-3)
        #expect(abs(row.valLossIncrease!.mean - 0.0144) < 1e-3)
        #expect(report.best != nil)
        // Its static_suffix is fast but loses far too much quality.
        let statics = try #require(report.baselines.first { $0.schedule == .staticSuffix })
        #expect(statics.verdict == .reject && statics.judgement!.qualityFailed)
    }

    @Test func theEarlyRunIsRejectedForQualityWithRemedies() throws {
        let report = Aggregator.aggregate(try F.reference([F.early]), rules: Rules())
        let row = try #require(report.ranked.first)
        #expect(row.verdict == .reject)
        #expect(abs(row.speedup!.mean - 1.306) < 1e-3)
        #expect(abs(row.valLossIncrease!.mean - 0.781) < 1e-3)
        #expect(row.judgement!.qualityFailed && !row.judgement!.speedFailed)
        #expect(row.judgement!.reasons == ["val loss rose +78.09%, above the +2.00% allowed"])
        #expect(
            row.remedies.map(\.text) == [
                "dyn_min_active_layers 4 → 6 (keep more blocks training)",
                "dyn_max_active_layers 10 → 12 (let the budget grow further)",
                "dyn_probe_every 20 → 10 (probe twice as often)",
                "dyn_relevance_threshold 0.7 → 0.85 (cover more of the relevance)"
            ])
    }

    @Test func aStricterSpeedRuleRejectsTheTunedRunNamingItsLimits() throws {
        let report = Aggregator.aggregate(
            try F.reference([F.tuned]), rules: Rules(minSpeedup: 1.2, maxValLossIncrease: 0.02))
        let row = try #require(report.ranked.first)
        #expect(row.verdict == .reject && row.judgement!.speedFailed)
        #expect(row.limits.first?.hasPrefix("mean 15.5 of 18 layers active: the matmul estimate is 1.10×") == true)
        // The estimate's bound and the hard one: 3N/(N+2K) = 1.2 gives K = 13.5; N/K = 1.2 gives 15.0.
        #expect(
            row.limits.first?.contains("at most 13.5 active on average by that estimate (15.0 by the hard limit)")
                == true)
        #expect(row.limits.contains { $0.contains("103 probe steps") })
        #expect(row.limits.contains { $0.contains("last 15% of the run") })
        #expect(row.remedies.isEmpty)
    }

    @Test func theReferenceFilesPassTheCostModelChecks() throws {
        let report = Aggregator.aggregate(try F.reference([F.tuned, F.early, F.smoke]), rules: Rules())
        for row in report.ranked + report.baselines {
            #expect(!(row.judgement?.flags.contains(.suspectTiming) ?? false))
        }
    }

    @Test func traceFiguresDrawEverySchedule() throws {
        let data = try Data(contentsOf: Paths.reference(F.tuned))
        let full = try BenchReport.decode(from: data)
        let loss = try #require(ReportFigures.trainLoss(full.traces, subtitle: "#1, seed 42"))
        let layers = try #require(ReportFigures.activeLayers(full.traces, layers: 18, subtitle: "#1, seed 42"))
        for schedule in Schedule.allCases {
            #expect(loss.contains(">\(schedule.rawValue)</text>"))
            #expect(layers.contains(">\(schedule.rawValue)</text>"))
        }
        #expect(loss.contains("elapsed training time (s)") && layers.contains("active layers (of 18)"))
        // Thinned: a loss curve needs no more than ~800 points on screen.
        #expect(loss.utf8.count < 120_000)
    }
}
