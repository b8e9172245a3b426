import Testing
import Vocabulary

@testable import BlockBench

/// The modelled clock against traces worked out by hand. Costs: active_k = k ms (N = 4), probe 5 ms.
@Suite(.timeLimit(.minutes(10))) struct ModelledClockTests {
    static let costs = StepCosts(activeMs: [1, 2, 3, 4], probeMs: 5)

    func config() -> BenchConfig {
        var c = smallConfig()
        c.nLayers = 4
        c.steps = 12
        c.staticActiveLayers = 2
        c.dynWarmupSteps = 2
        c.dynProbeEvery = 3
        c.dynRefreshEvery = 0
        c.dynMinActiveLayers = 1
        c.dynMaxActiveLayers = 2
        c.dynFreezeStartFrac = 0.5
        return c
    }

    func run(_ c: BenchConfig, _ schedules: [Schedule], modelled: Bool) -> (
        results: [ScheduleResult], traces: [Schedule: ScheduleTrace]
    ) {
        var run = BenchRun(config: c, schedules: schedules, threads: 1)
        run.modelledClock = ModelledClock(costs: Self.costs, drivesTimeBudget: modelled)
        return run.run()
    }

    @Test func staticRunsChargeStepsTimesTheirKindsCost() throws {
        let r = run(config(), [.fullUpdate, .staticSuffix], modelled: false)
        let full = r.results[0]
        let stat = r.results[1]
        #expect(full.modelledElapsedMs == 48.0, "12 steps × 4 ms")
        #expect(full.modelledMeanStepMs == 4)
        #expect(full.speedupVsFullModelled == 1)
        #expect(stat.modelledElapsedMs == 24.0, "12 steps × 2 ms")
        #expect(stat.modelledMeanStepMs == 2)
        #expect(stat.speedupVsFullModelled == 2)
        #expect(r.traces[.staticSuffix]?.modelledStepMs == Array(repeating: 2, count: 12))
        #expect(stat.elapsedMs != stat.modelledElapsedMs, "the measured time is kept beside it")
    }

    @Test func dynamicRunsChargeEachStepsKindFromItsTrace() throws {
        var c = config()
        c.steps = 30
        let r = run(c, [.dynamicSuffix], modelled: false)
        let trace = try #require(r.traces[.dynamicSuffix])
        let probes = Set(trace.dynamicTrace.compactMap { if case .probe(let e) = $0 { e.step } else { nil } })
        // Probes at steps 0, 1 (warm-up) and every 3rd step; the freeze gate opens at step 15.
        #expect(probes == [0, 1, 3, 6, 9, 12, 15, 18, 21, 24, 27])
        let expected = trace.activeLayersHist.indices.map { i in
            probes.contains(i) ? 5.0 : Double(trace.activeLayersHist[i])
        }
        #expect(trace.modelledStepMs == expected)
        #expect(Array(expected.prefix(4)) == [5, 5, 4, 5], "before the freeze every step is full")
        let result = try #require(r.results.first)
        #expect(result.modelledElapsedMs == expected.reduce(0, +))
        #expect(
            result.modelledMeanStepMs == expected.dropFirst(c.warmupIgnoreSteps).reduce(0, +)
                / Double(30 - c.warmupIgnoreSteps))
        #expect(trace.activeLayersHist.contains { $0 < 4 }, "the schedule did freeze blocks")
    }

    /// Budget 10 full steps × 4 ms = 40 ms; static 2 of 4 costs 2 ms a step, so it stops after
    /// exactly 20 steps, whatever the wall clock says.
    @Test func theEqualTimeBudgetStopsByTheModelledClock() throws {
        var c = config()
        c.steps = 10
        c.equalTimeBudget = true
        let r = run(c, [.fullUpdate, .staticSuffix], modelled: true)
        #expect(r.results[0].modelledElapsedMs == 40)
        #expect(r.results[1].stepsExecuted == 20)
        #expect(r.results[1].modelledElapsedMs == 40)
    }

    /// Budget 40 ms. Steps 0 and 1 are warm-up probes (5 + 5), step 2 a full step (4), step 3 a
    /// probe (5): 19 ms before step 4, under half the budget; 23 ms before step 5, so the freeze
    /// gate (dyn_freeze_start_frac 0.5 of the budget) opens at step 5. The final recovery
    /// (frac 0.25) starts at the first step with 30 ms behind it, and the run stops at 40 ms.
    @Test func theFreezeGateAndTheFinalRecoveryReadTheModelledClock() throws {
        var c = config()
        c.steps = 10
        c.equalTimeBudget = true
        c.dynFinalFullFrac = 0.25
        let r = run(c, [.fullUpdate, .dynamicSuffix], modelled: true)
        let trace = try #require(r.traces[.dynamicSuffix])
        let freeze = trace.dynamicTrace.compactMap { if case .freeze(let e) = $0 { e.step } else { nil } }
        #expect(freeze == [5])
        let steps = try #require(trace.modelledStepMs)
        #expect(Array(steps.prefix(5)) == [5, 5, 4, 5, 4])
        var before = [0.0]
        for ms in steps { before.append(before.last! + ms) }
        let recovery = trace.dynamicTrace.compactMap { if case .recovery(let e) = $0 { e.step } else { nil } }
        #expect(recovery.first == before.firstIndex { $0 >= 30 })
        #expect(r.results[1].stepsExecuted == before.firstIndex { $0 >= 40 })
        #expect(r.results[1].modelledElapsedMs.map { $0 >= 40 } == true)
    }

    @Test func withoutACalibrationNothingModelledIsRecorded() throws {
        let r = BenchRun(config: config(), schedules: [.staticSuffix], threads: 1).run()
        #expect(r.results[0].modelledElapsedMs == nil && r.results[0].speedupVsFullModelled == nil)
        #expect(r.traces[.staticSuffix]?.modelledStepMs == nil)
    }
}
