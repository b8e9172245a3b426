import Foundation
import Testing
import Vocabulary

@testable import BlockBench

/// What a dynamic run writes about itself must be what happened: the freeze event carries the
/// stability test's real outcome, and `notes` reads as the reference script writes it.
@Suite(.timeLimit(.minutes(10))) struct TraceTruthTests {
    /// Freezing may start at step 6 (step mode, 12 steps); W = 3, limits 5%.
    private func controller(requireStable: Bool, window: Int = 3) -> DynamicSuffixController {
        var c = smallConfig()
        c.dynFreezeStartStep = 6
        c.dynStabilityWindow = window
        c.dynStabilityRelChange = 0.05
        c.dynStabilityCv = 0.05
        c.dynRequireStable = requireStable
        return DynamicSuffixController(config: c, progress: .steps(limit: 12))
    }

    private func freezeTriggers(_ c: DynamicSuffixController) -> [(step: Int, trigger: FreezeTrigger)] {
        c.events.compactMap { if case .freeze(let e) = $0 { (e.step, e.trigger) } else { nil } }
    }

    @Test func anUngatedFreezeRecordsThatTheLossWasNotStable() throws {
        var c = controller(requireStable: false)
        let losses = [2.0, 2.0, 2.0, 1.0, 1.0, 1.0]  // a 50% drop between the windows
        for step in 0...6 { _ = c.plan(step: step, elapsedMs: 0, losses: Array(losses.prefix(step))) }
        let events = freezeTriggers(c)
        #expect(events.map(\.step) == [6])
        let t = try #require(events.first?.trigger)
        #expect(t.reachedStart)
        #expect(t.stableOk == false, "the loss fell by half between the windows")
        #expect(t.prevMean == 2 && t.currMean == 1)
        #expect(abs(try #require(t.relChange) - 0.5) < 1e-9)
        #expect(t.cv == 0)
        #expect(t.window == 3)
    }

    @Test func anUngatedFreezeRecordsAStableLossAsStable() throws {
        var c = controller(requireStable: false)
        let losses = [1.0, 1.0, 1.0, 0.99, 0.99, 0.99]
        for step in 0...6 { _ = c.plan(step: step, elapsedMs: 0, losses: Array(losses.prefix(step))) }
        let t = try #require(freezeTriggers(c).first?.trigger)
        #expect(t.stableOk)
        #expect(abs(try #require(t.relChange) - 0.01) < 1e-12)
    }

    @Test func tooFewLossesForTheTestAreNotCalledStable() throws {
        var c = controller(requireStable: false, window: 5)
        for step in 0...6 { _ = c.plan(step: step, elapsedMs: 0, losses: Array(repeating: 1, count: step)) }
        let events = freezeTriggers(c)
        #expect(events.map(\.step) == [6], "without dyn_require_stable the gate opens on time")
        let t = try #require(events.first?.trigger)
        #expect(t.stableOk == false, "6 losses cannot fill two windows of 5")
        #expect(t.prevMean == nil && t.relChange == nil && t.cv == nil)
        #expect(t.window == 5)
        let json = String(decoding: try JSONEncoder().encode(t), as: UTF8.self)
        #expect(json.contains("\"rel_change\":null") && json.contains("\"stable_ok\":false"))
    }

    @Test func aGatedFreezeWaitsAndRecordsItsFigures() throws {
        var c = controller(requireStable: true)
        let losses = [2.0, 2.0, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]
        for step in 0...9 { _ = c.plan(step: step, elapsedMs: 0, losses: Array(losses.prefix(step))) }
        let events = freezeTriggers(c)
        #expect(events.map(\.step) == [9], "unstable at 6–8, stable once both windows hold 1.0")
        let t = try #require(events.first?.trigger)
        #expect(t.stableOk && t.relChange == 0 && t.cv == 0 && t.window == 3)
    }

    /// A whole run: the freeze event agrees with the test applied to the losses before it.
    @Test func aRunsFreezeEventMatchesItsOwnLosses() throws {
        var config = smallConfig()
        config.dynStabilityWindow = 4
        let run = BenchRun(config: config, schedules: [.dynamicSuffix], threads: 1).run()
        let trace = try #require(run.traces[.dynamicSuffix])
        let freeze = try #require(
            trace.dynamicTrace.compactMap { if case .freeze(let e) = $0 { e } else { nil } }.first)
        let losses = trace.trainLosses.prefix(freeze.step).map { $0! }
        let expected = try #require(
            StabilityTest(
                window: 4, maxRelChange: config.dynStabilityRelChange,
                maxCV: config.dynStabilityCv
            ).evaluate(Array(losses)))
        #expect(freeze.trigger.stableOk == expected.stable)
        #expect(freeze.trigger.relChange == expected.relChange)
        #expect(freeze.trigger.cv == expected.cv)
        #expect(freeze.trigger.prevMean == expected.prevMean && freeze.trigger.currMean == expected.currMean)
    }

    @Test func referenceFreezeEventsStillDecode() throws {
        let data = try Data(
            contentsOf: referenceResults.appendingPathComponent("dynamic_block_schedule_tuned_20260225_163732.json"))
        let trace = try #require(try BenchReport.decode(from: data).traces[.dynamicSuffix]?.dynamicTrace)
        let t = try #require(trace.compactMap { if case .freeze(let e) = $0 { e.trigger } else { nil } }.first)
        #expect(t.stableOk && t.window == nil)
        #expect(t.relChange == 0.006874167514945201)
    }

    @Test(arguments: [
        (
            RelevanceMetric.gradRatio, false, false, 0.0, RecoveryMode.full,
            "dynamic relevance-guided active suffix (metric=grad_ratio)"
        ),
        (
            .gradRatio, true, true, 0.2, .full,
            "dynamic relevance-guided active suffix (metric=grad_ratio) + adaptive budget + stability-gated freeze + final_recovery=full@frac=0.2"
        ),
        (
            .saliencyAbsGP, false, false, 0.15, .staged,
            "dynamic relevance-guided active suffix (metric=saliency_abs_gp) + final_recovery=staged@frac=0.15"
        )
    ])
    func notesNameTheMetricAndTheRecovery(
        _ metric: RelevanceMetric, _ adapt: Bool, _ stable: Bool, _ frac: Double,
        _ mode: RecoveryMode, _ expected: String
    ) {
        var c = BenchConfig()
        c.dynRelevanceMetric = metric
        c.dynAdaptBudget = adapt
        c.dynRequireStable = stable
        c.dynFinalFullFrac = frac
        c.dynFinalRecoveryMode = mode
        #expect(Schedule.dynamicSuffix.kind.notes(c) == expected)
    }

    /// The newest reference file (it records the metric and the recovery mode) gets the same
    /// notes from our engine for its own config.
    @Test func notesMatchTheReferenceScript() throws {
        let data = try Data(
            contentsOf: referenceResults.appendingPathComponent("dynamic_ab_saliency_20260225_171708.json"))
        let report = try BenchReport.decode(from: data)
        let run = BenchRun(config: report.config.settings, threads: 1)
        for result in report.results {
            #expect(result.schedule.kind.notes(run.config) == result.notes)
        }
    }
}
