import Testing
import Vocabulary

@testable import BlockBench

/// One price per run (docs/benchmark.md, "One price per folder"): a dependent's equal-time
/// budget and speedup read its baseline's step count priced by the dependent's own calibration,
/// never the modelled time another calibration gave the baseline; and each run records how far
/// its calibration's uncertainty reaches.
@Suite(.timeLimit(.minutes(10))) struct BaselinePricingTests {
    static let costs = StepCosts(activeMs: [1, 2, 3, 4], probeMs: 5)
    static let halfwidths = StepCosts(activeMs: [0.02, 0.01, 0.01, 0], probeMs: 0.005)

    func config() -> BenchConfig {
        var c = smallConfig()
        c.nLayers = 4
        c.steps = 12
        c.equalTimeBudget = true
        c.maxStepsMultiplier = 3
        c.staticActiveLayers = 2
        return c
    }

    func clock() -> ModelledClock {
        ModelledClock(costs: Self.costs, drivesTimeBudget: true, halfwidths: Self.halfwidths)
    }

    @Test func aBaselinePricedByAnotherCalibrationBuysTheSameBudget() throws {
        var together = BenchRun(config: config(), schedules: [.fullUpdate, .staticSuffix], threads: 1)
        together.modelledClock = clock()
        let reference = together.run().results
        let full = reference[0]
        #expect(full.modelledElapsedMs == 48)
        // The baseline's file says its full step cost 5.6 ms (another, slower calibration).
        var baseline = BenchRun.Baseline(
            elapsedMs: full.elapsedMs!, meanStepMs: full.meanStepMs, steps: full.stepsExecuted)
        baseline.modelledElapsedMs = 12 * 5.6
        baseline.modelledMeanStepMs = 5.6
        var apart = BenchRun(config: config(), schedules: [.staticSuffix], threads: 1, baseline: baseline)
        apart.modelledClock = clock()
        let dependent = try #require(apart.run().results.first)
        #expect(dependent.stepsExecuted == reference[1].stepsExecuted)
        #expect(dependent.stepsExecuted == 24, "48 ms of budget at 2 ms a step")
        #expect(dependent.speedupVsFullModelled == 2)
    }

    @Test func aRunRecordsItsCalibrationsReach() throws {
        var run = BenchRun(config: config(), schedules: [.fullUpdate, .staticSuffix], threads: 1)
        run.modelledClock = clock()
        let results = run.run().results
        #expect(results[0].modelledHalfwidth == 0, "full steps are the unit: no uncertainty")
        #expect(results[0].budgetLossHalfwidth == nil, "full_update has no budget")
        #expect(abs((results[1].modelledHalfwidth ?? 0) - 0.01) < 1e-12, "every step is active_2, known to ±1%")
        let budgetLoss = try #require(results[1].budgetLossHalfwidth)
        #expect(budgetLoss.isFinite && budgetLoss >= 0)
        // Without half-widths nothing is guessed.
        var bare = BenchRun(config: config(), schedules: [.fullUpdate, .staticSuffix], threads: 1)
        bare.modelledClock = ModelledClock(costs: Self.costs, drivesTimeBudget: true)
        #expect(bare.run().results[1].modelledHalfwidth == nil)
    }

    @Test func theBudgetsReachIsTheLossSlopeTimesTheStepsItCouldMove() {
        // Loss falls by 0.01 a step; ±1% of 100 steps is one step: 0.01.
        let losses = (0..<100).map { 2.0 - 0.01 * Double($0) }
        let reach = BenchRun.budgetLossHalfwidth(losses: losses, halfwidth: 0.01)
        #expect(abs((reach ?? 0) - 0.01) < 1e-12)
        #expect(BenchRun.budgetLossHalfwidth(losses: [1, 2], halfwidth: 0.01) == nil)
    }
}
