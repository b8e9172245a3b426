import Foundation
import Testing
import Vocabulary

@testable import SweepKit

@Suite(.timeLimit(.minutes(10)))
struct ReportAggregatorTests {
    typealias F = ReportFixture

    @Test func poolsSeedsOfOneConfigurationIntoOneRow() throws {
        let report = Aggregator.aggregate(F.sweep(), rules: Rules())
        #expect(report.ranked.count == 3)
        #expect(report.ranked.allSatisfy { $0.repeats == 3 && $0.seeds == [1, 2, 3] })
        // Baselines: one full_update row and one static_suffix row, each of three seeds.
        #expect(report.baselines.map(\.schedule) == [.fullUpdate, .staticSuffix])
        #expect(report.varying == ["dyn_relevance_threshold", "dyn_min_active_layers"])
        let kept = try #require(report.best)
        #expect(kept.settings.dynMinActiveLayers == 8)
        // Paired per seed with that seed's full_update; speedups pool as a geometric mean.
        let expected = [72 / 57.6, 73 / 58.9, 71.5 / 56.8]
        #expect(abs(kept.speedup!.mean - pow(expected.reduce(1, *), 1.0 / 3)) < 1e-12)
        #expect(abs(kept.valLossIncrease!.mean - 0.005) < 1e-9)
        #expect(kept.verdict == .keep)
        #expect(report.ranked[1].verdict == .inconclusive)
        #expect(report.ranked[1].judgement?.moreSeeds != nil)
        let rejected = report.ranked[2]
        #expect(rejected.verdict == .reject && rejected.judgement!.qualityFailed)
        #expect(
            rejected.remedies.map(\.parameter) == [
                "dyn_min_active_layers", "dyn_probe_every", "dyn_relevance_threshold"
            ])
    }

    @Test func pairsOnlyWithTheSameSeedAndDevice() throws {
        let runs = [
            F.run(.fullUpdate, seed: 1, ms: 100, val: 0.1, device: "cuda (A)", file: 0),
            F.run(.fullUpdate, seed: 1, ms: 50, val: 0.2, device: "cuda (B)", file: 1),
            F.run(.fullUpdate, seed: 2, ms: 80, val: 0.1, device: "cuda (A)", file: 2),
            F.run(.dynamicSuffix, seed: 1, ms: 80, val: 0.1, active: 12, device: "cuda (A)", file: 3)
        ]
        let row = try #require(
            Aggregator.aggregate(ReportInput(title: "t", runs: runs, fileCount: 4), rules: Rules()).ranked.first)
        #expect(row.observations.first?.speedup == 100.0 / 80)
        #expect(row.observations.first?.valLossIncrease == 0)
        #expect(row.observations.first?.baselineSource == runs[0].source)
    }

    @Test func pairsOnlyWithTheSameSettingsThatAffectFullUpdate() throws {
        // steps affects full_update; dyn_* does not, static_active_layers does not.
        let runs = [
            F.run(.fullUpdate, seed: 1, ms: 100, val: 0.1, file: 0) { $0.steps = 400 },
            F.run(.fullUpdate, seed: 1, ms: 90, val: 0.1, file: 1) {
                $0.staticActiveLayers = 3
                $0.dynProbeEvery = 7
            },
            F.run(.dynamicSuffix, seed: 1, ms: 60, val: 0.1, active: 10, file: 2) { $0.dynProbeEvery = 5 }
        ]
        let row = try #require(
            Aggregator.aggregate(ReportInput(title: "t", runs: runs, fileCount: 3), rules: Rules()).ranked.first)
        #expect(row.observations[0].speedup == 90.0 / 60)
    }

    @Test func aFileHoldingAllSchedulesPairsWithinItself() throws {
        // Two reference-style files at the same seed and settings: each pairs with its own full run.
        let runs = [
            F.run(.fullUpdate, seed: 42, ms: 100, val: 0.1, file: 0),
            F.run(.dynamicSuffix, seed: 42, ms: 80, val: 0.1, active: 12, file: 0),
            F.run(.fullUpdate, seed: 42, ms: 50, val: 0.1, file: 1),
            F.run(.dynamicSuffix, seed: 42, ms: 40, val: 0.1, active: 12, file: 1)
        ]
        let row = try #require(
            Aggregator.aggregate(ReportInput(title: "t", runs: runs, fileCount: 2), rules: Rules()).ranked.first)
        #expect(row.observations.map(\.speedup) == [1.25, 1.25])
        #expect(row.repeats == 2 && row.seeds == [42])
    }

    @Test func missingConfigKeysMeanTheDefaults() throws {
        // An old file naming only a few keys groups and pairs with a file naming every default.
        let old =
            #"{"config": {"seed": 42, "steps": 200}, "results": [{"schedule": "full_update", "mean_step_ms": 100, "final_val_loss": 0.1}]}"#
        var full = BenchConfig()
        full.seed = 42
        let new = BenchReport(
            script: "", timestampUTC: "", config: ConfigRecord(settings: full, resolvedDevice: "auto"),
            system: SystemInfo(), results: [F.result(.dynamicSuffix, ms: 80, val: 0.1, active: 12)], traces: [:])
        let a = try JSONDecoder().decode(BenchReportHeader.self, from: Data(old.utf8))
        let b = try JSONDecoder().decode(BenchReportHeader.self, from: try new.jsonData())
        let runs =
            RunRecord.records(of: a, source: "old.json", fileIndex: 0)
            + RunRecord.records(of: b, source: "new.json", fileIndex: 1)
        let row = try #require(
            Aggregator.aggregate(ReportInput(title: "t", runs: runs, fileCount: 2), rules: Rules()).ranked.first)
        #expect(row.observations[0].speedup == 1.25)
    }

    @Test func unpairedRowsAreRejectedWithTheReason() throws {
        let runs = [F.run(.dynamicSuffix, seed: 1, ms: 80, val: 0.1, active: 12, file: 0)]
        let row = try #require(
            Aggregator.aggregate(ReportInput(title: "t", runs: runs, fileCount: 1), rules: Rules()).ranked.first)
        #expect(row.verdict == .reject)
        #expect(row.judgement?.reasons.first?.contains("no full_update result") == true)
    }

    @Test func speedAboveTheHardLimitIsSuspect() throws {
        // 12 of 18 layers active: hard limit 1.5×; 100/60 = 1.67× is impossible.
        let runs = [
            F.run(.fullUpdate, seed: 1, ms: 100, val: 0.1, file: 0),
            F.run(.dynamicSuffix, seed: 1, ms: 60, val: 0.1, active: 12, file: 1)
        ]
        let row = try #require(
            Aggregator.aggregate(ReportInput(title: "t", runs: runs, fileCount: 2), rules: Rules()).ranked.first)
        #expect(row.verdict == .reject)
        #expect(row.judgement?.flags.contains(.suspectTiming) == true)
    }

    @Test func speedAboveTheMatmulEstimateIsFlagged() throws {
        // 12 of 18 active: matmul estimate 54/42 = 1.286×, +10% = 1.414×; hard limit 1.5×.
        let runs = [
            F.run(.fullUpdate, seed: 1, ms: 100, val: 0.1, file: 0),
            F.run(.dynamicSuffix, seed: 1, ms: 70, val: 0.1, active: 12, file: 1)
        ]
        let row = try #require(
            Aggregator.aggregate(ReportInput(title: "t", runs: runs, fileCount: 2), rules: Rules()).ranked.first)
        #expect(row.verdict == .keep)
        #expect(row.judgement?.flags.contains(.aboveMatmulEstimate) == true)
    }

    @Test func ranksKeptThenInconclusiveThenRejectsByCloseness() throws {
        var runs: [RunRecord] = []
        var file = 0
        // (min active layers → per-seed dynamic ms, val increase)
        let points: [(Int, [Double], Double)] = [
            (2, [70, 70], 0.50),  // reject, far on quality
            (3, [92, 92], 0.0),  // reject, speed 1.087×: close
            (5, [80, 80], 0.0),  // keep 1.25×
            (6, [75, 75], 0.0),  // keep 1.33×
            (7, [95, 80], 0.0)  // inconclusive: mean 1.15×, wide interval
        ]
        for (minActive, ms, inc) in points {
            for seed in [1, 2] {
                runs.append(
                    F.run(.dynamicSuffix, seed: seed, ms: ms[seed - 1], val: 0.1 * (1 + inc), active: 10, file: file) {
                        $0.dynMinActiveLayers = minActive
                    })
                file += 1
            }
        }
        runs += [
            F.run(.fullUpdate, seed: 1, ms: 100, val: 0.1, file: file),
            F.run(.fullUpdate, seed: 2, ms: 100, val: 0.1, file: file + 1)
        ]
        let report = Aggregator.aggregate(ReportInput(title: "t", runs: runs, fileCount: file + 2), rules: Rules())
        #expect(report.ranked.map(\.settings.dynMinActiveLayers) == [6, 5, 7, 3, 2])
        #expect(report.ranked.map(\.verdict) == [.keep, .keep, .inconclusive, .reject, .reject])
        #expect(report.count(.keep) == 2 && report.count(.inconclusive) == 1 && report.count(.reject) == 2)
    }

    @Test(
        arguments: [
            // (min, max, probe, threshold, n_layers) → expected next values (nil: no remedy)
            (4, 10, 20, 0.7, 18, 6, 12, 10, 0.85),
            // The floor stops at n_layers − 1: all of them is the same work as full_update.
            (17, 18, 1, 1.0, 18, nil, nil, nil, nil),
            (16, 17, 1, 1.0, 18, 17, 18, nil, nil),
            (12, 0, 40, 0.92, 18, 14, nil, 20, 0.96),
            (5, 6, 3, 0.99, 6, nil, nil, 1, 0.995)
        ] as [(Int, Int, Int, Double, Int, Int?, Int?, Int?, Double?)])
    func qualityRemedies(
        minA: Int, maxA: Int, probe: Int, thr: Double, n: Int,
        minNext: Int?, maxNext: Int?, probeNext: Int?, thrNext: Double?
    ) {
        var c = BenchConfig()
        (c.dynMinActiveLayers, c.dynMaxActiveLayers, c.dynProbeEvery, c.dynRelevanceThreshold, c.nLayers) = (
            minA, maxA, probe, thr, n
        )
        let r = Dictionary(
            uniqueKeysWithValues: Schedule.dynamicSuffix.kind.qualityRemedies(c).map { ($0.parameter, $0.to) })
        #expect(r["dyn_min_active_layers"] == minNext.map(ParameterValue.int))
        #expect(r["dyn_max_active_layers"] == maxNext.map(ParameterValue.int))
        #expect(r["dyn_probe_every"] == probeNext.map(ParameterValue.int))
        #expect(r["dyn_relevance_threshold"] == thrNext.map(ParameterValue.double))
    }
}
