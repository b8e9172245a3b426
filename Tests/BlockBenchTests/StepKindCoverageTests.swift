import Testing
import Vocabulary

@testable import BlockBench

/// StepKind.taken says which kinds a sweep calibrates; a kind it leaves out would stop a run
/// (bench refuses it, the modelled clock has no price for it). So every schedule's own step
/// planner is driven through many settings, with made-up losses and relevance scores, and every
/// step it plans must be a kind `taken` lists.
@Suite(.timeLimit(.minutes(10))) struct StepKindCoverageTests {
    /// A 64-bit LCG: the same sequence every run.
    struct Numbers {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() * Double(range.count)) % range.count
        }
    }

    @Test(arguments: Schedule.allCases)
    func everyStepASchedulePlansIsAKindTakenLists(schedule: Schedule) {
        var numbers = Numbers(state: 2026)
        for trial in 0..<300 {
            var c = BenchConfig()
            c.nLayers = numbers.int(1...10)
            c.dynMinActiveLayers = numbers.int(0...11)
            c.dynMaxActiveLayers = numbers.int(0...11)
            c.dynWarmupSteps = numbers.int(0...10)
            c.dynProbeEvery = numbers.int(0...7)
            c.dynRefreshEvery = numbers.int(0...30)
            c.dynRelevanceThreshold = 0.3 + 0.7 * numbers.next()
            c.dynAdaptBudget = numbers.next() < 0.7
            c.dynFreezeStartFrac = numbers.next() * 0.8
            c.dynFinalFullFrac = numbers.next() < 0.3 ? 0 : numbers.next() * 0.5
            c.dynFinalRecoveryMode = numbers.next() < 0.5 ? .full : .staged
            c.dynFinalRecoveryStage1Layers = numbers.int(0...12)
            c.dynFinalRecoveryStage2Layers = numbers.int(0...12)
            c.dynLossUpper = 1.0 + 0.05 * numbers.next()
            c.dynLossLower = 1.0 - 0.05 * numbers.next()
            c.staticActiveLayers = numbers.int(0...11)
            let allowed = Set(StepKind.taken(by: schedule, config: c))
            let steps = 120
            let timed = numbers.next() < 0.5
            var planner = schedule.kind.stepPlanner(c, budgetMs: timed ? 100 : nil, limit: steps)
            var losses: [Double] = []
            var elapsed = 0.0
            var seen: Set<StepKind> = []
            for step in 0..<steps {
                let plan = planner.plan(step: step, elapsedMs: elapsed, losses: losses)
                let kind: StepKind = plan.isProbe ? .probe : .active(c.nLayers - plan.activeStart)
                seen.insert(kind)
                #expect(allowed.contains(kind), "trial \(trial), step \(step): \(kind) not in \(allowed) for \(c)")
                let loss = 1 / Double(step + 1) + 0.3 * numbers.next()
                losses.append(loss)
                if plan.isProbe {
                    planner.recordProbe(
                        step: step, loss: loss, scores: (0..<c.nLayers).map { _ in numbers.next() })
                }
                elapsed += 100.0 / Double(steps) * (0.5 + numbers.next())
            }
            #expect(!seen.isEmpty)
        }
    }
}
