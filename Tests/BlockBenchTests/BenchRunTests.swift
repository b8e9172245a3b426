import Foundation
import Testing
import Vocabulary

@testable import BlockBench

@Suite(.timeLimit(.minutes(10))) struct BenchRunTests {
    func losses(_ run: (results: [ScheduleResult], traces: [Schedule: ScheduleTrace]), _ s: Schedule) -> [Double?] {
        run.traces[s]?.trainLosses ?? []
    }

    @Test(arguments: [1, 2]) func sameSeedAndThreadsGiveIdenticalLosses(threads: Int) {
        let config = smallConfig()
        let a = BenchRun(config: config, threads: threads).run()
        let b = BenchRun(config: config, threads: threads).run()
        for s in Schedule.allCases {
            #expect(losses(a, s) == losses(b, s))
            #expect(losses(a, s).count == config.steps)
        }
        #expect(a.results.map(\.finalValLoss) == b.results.map(\.finalValLoss))
    }

    @Test func differentSeedsGiveDifferentLosses() {
        var other = smallConfig()
        other.seed = 43
        let a = BenchRun(config: smallConfig(), schedules: [.fullUpdate], threads: 1).run()
        let b = BenchRun(config: other, schedules: [.fullUpdate], threads: 1).run()
        #expect(losses(a, .fullUpdate) != losses(b, .fullUpdate))
    }

    @Test func staticSuffixOverEveryLayerIsFullUpdate() {
        var config = smallConfig()
        config.staticActiveLayers = config.nLayers
        let run = BenchRun(config: config, schedules: [.fullUpdate, .staticSuffix], threads: 2).run()
        #expect(losses(run, .staticSuffix) == losses(run, .fullUpdate))
        #expect(run.results[0].finalValLoss == run.results[1].finalValLoss)
    }

    @Test func trainingLowersTheLoss() throws {
        let run = BenchRun(config: smallConfig(), schedules: [.fullUpdate], threads: 1).run()
        let full = try #require(run.results.first)
        #expect(try #require(full.trainLossEnd) < (try #require(full.trainLossStart)))
        #expect(full.speedupVsFull == 1)
        #expect(full.activeLayersMean == 6 && full.activeLayersMin == 6 && full.activeLayersMax == 6)
        #expect(full.notes == "full update")
    }

    @Test func staticSuffixTrainsOnlyTheTopBlocks() throws {
        let run = BenchRun(config: smallConfig(), schedules: [.staticSuffix], threads: 1).run()
        let result = try #require(run.results.first)
        #expect(run.traces[.staticSuffix]?.activeLayersHist.allSatisfy { $0 == 2 } == true)
        #expect(result.notes == "static active suffix=2")
        #expect(result.speedupVsFull == nil, "no full_update in this run and no baseline")
    }

    @Test func dynamicSuffixProbesFreezesAndRecovers() throws {
        var config = smallConfig()
        config.dynFinalFullFrac = 0.2
        config.dynFinalRecoveryMode = .staged
        config.dynFinalRecoveryStage1Layers = 5
        config.dynFinalRecoveryStage2Layers = 5
        let run = BenchRun(config: config, schedules: [.dynamicSuffix], threads: 1).run()
        let trace = try #require(run.traces[.dynamicSuffix])
        let hist = trace.activeLayersHist
        // Freezing may start at round(0.3 × 40) = 12; before that every step is full.
        #expect(hist[0..<12].allSatisfy { $0 == 6 })
        let freeze = trace.dynamicTrace.compactMap { if case .freeze(let e) = $0 { e } else { nil } }
        #expect(freeze.map(\.step) == [12])
        // Final recovery from step int(0.8 × 40) = 32: stage1 → stage2 → stage3_full, no probes.
        let recovery = trace.dynamicTrace.compactMap { if case .recovery(let e) = $0 { e } else { nil } }
        #expect(recovery.map(\.stage) == ["stage1", "stage2", "stage3_full"])
        #expect(recovery.first?.step == 32)
        #expect(hist[32...].allSatisfy { $0 >= 5 })
        #expect(hist.last == 6)
        let probes = trace.dynamicTrace.compactMap { if case .probe(let e) = $0 { e.step } else { nil } }
        #expect(probes == [0, 1, 2, 3, 5, 10, 15, 20, 25, 30])
        #expect(run.results.first?.probeStepCount == probes.count)
        // Between probes after the gate the suffix is within [min, max] = [2, 4].
        for step in 13..<32 where !probes.contains(step) { #expect((2...4).contains(hist[step])) }
        #expect(
            run.results.first?.notes
                == "dynamic relevance-guided active suffix (metric=grad_ratio) + final_recovery=staged@frac=0.2")
    }

    @Test func equalTimeBudgetStopsAtTheFullRunsElapsedTime() throws {
        var config = smallConfig()
        config.equalTimeBudget = true
        config.maxStepsMultiplier = 3
        let run = BenchRun(
            config: config, schedules: [.staticSuffix],
            threads: 1, baseline: .init(elapsedMs: 1e9, meanStepMs: 2)
        ).run()
        // A huge budget: the step cap max(steps, round(steps × 3)) ends the run.
        #expect(run.results.first?.stepsExecuted == 120)
        let tight = BenchRun(
            config: config, schedules: [.staticSuffix],
            threads: 1, baseline: .init(elapsedMs: 0, meanStepMs: 2)
        ).run()
        // No time at all: it still runs max(1, warmup_ignore_steps) steps.
        #expect(tight.results.first?.stepsExecuted == 5)
        let speedup = try #require(tight.results.first?.speedupVsFull)
        #expect(abs(speedup - 2 / (tight.results.first?.meanStepMs ?? 1)) < 1e-12)
    }

    @Test func stepStatisticsDropWarmupAndRoundLikePython() {
        let stats = StepStatistics(times: [100, 100, 1, 2, 3, 4], ignoreFirst: 2)
        #expect(stats.mean == 2.5)
        #expect(stats.p50 == 3)  // sorted[round(1.5)] = sorted[2] (half to even)
        #expect(stats.p90 == 4)  // sorted[round(2.7)] = sorted[3]
        let few = StepStatistics(times: [5, 7], ignoreFirst: 5)
        #expect(few.mean == 6, "with too few steps nothing is dropped")
    }

    @Test func ourRunRoundTripsAndWritesNullForNonFinite() throws {
        let (results, traces) = BenchRun(config: smallConfig(), threads: 1).run()
        var report = BenchReport(
            script: "blocksweep bench", timestampUTC: "2026-11-25T10:00:00Z",
            config: ConfigRecord(settings: smallConfig(), resolvedDevice: "cpu", dtypeEffective: "float32"),
            system: SystemInfo(cudaAvailable: false, blasCore: "Zen", blasThreads: 1),
            results: results, traces: traces)
        #expect(try BenchReport.decode(from: report.jsonData()) == report)

        report.results[0].finalValLoss = .nan
        report.results[0].meanStepMs = .infinity
        let text = String(decoding: try report.jsonData(), as: UTF8.self)
        #expect(text.contains("\"final_val_loss\" : null"))
        #expect(text.contains("\"mean_step_ms\" : null"))
        #expect(text.contains("\"dtype_effective\" : \"float32\""))
        #expect(text.contains("\"blas_core\" : \"Zen\""))
        let back = try BenchReport.decode(from: Data(text.utf8))
        #expect(back.results[0].finalValLoss == nil)
    }
}
