import Testing
import Vocabulary

@testable import BlockBench

@Suite(.timeLimit(.minutes(10))) struct SuffixChoiceTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let scores: [Double], threshold: Double, minActive: Int, maxActive: Int, start: Int, why: String
        var testDescription: String { why }
    }

    static let cases: [Case] = [
        Case(
            scores: [1, 1, 1, 1], threshold: 0.5, minActive: 1, maxActive: 0, start: 2,
            why: "half the relevance sits in the top two blocks"),
        Case(
            scores: [1, 1, 1, 1], threshold: 0.75, minActive: 1, maxActive: 0, start: 1,
            why: "three quarters need three blocks"),
        Case(
            scores: [1, 1, 1, 1], threshold: 1.0, minActive: 1, maxActive: 0, start: 0,
            why: "a threshold of 1 needs every block"),
        Case(
            scores: [0, 0, 0, 10], threshold: 0.9, minActive: 1, maxActive: 0, start: 3,
            why: "all relevance at the top: one block"),
        Case(
            scores: [0, 0, 0, 10], threshold: 0.9, minActive: 3, maxActive: 0, start: 1,
            why: "the minimum raises the suffix"),
        Case(
            scores: [10, 0, 0, 0], threshold: 0.9, minActive: 1, maxActive: 2, start: 2,
            why: "relevance at the bottom is cut off by the budget"),
        Case(
            scores: [0, 0, 0, 0], threshold: 0.9, minActive: 1, maxActive: 3, start: 1,
            why: "no relevance at all: the whole budget"),
        Case(
            scores: [1, 2, 3, 4], threshold: 0.9, minActive: 9, maxActive: 2, start: 0,
            why: "min above n is clamped to n, and the cap is raised to it"),
        Case(
            scores: [1, 2, 3, 4], threshold: 0.4, minActive: 1, maxActive: -1, start: 3,
            why: "a negative cap means no cap; top block holds 40%"),
        Case(
            scores: [5, 1, 1, 1, 1, 1], threshold: 0.5, minActive: 2, maxActive: 4, start: 2,
            why: "the sum never reaches the threshold within the cap: answer n − cap")
    ]

    @Test(arguments: cases) func choosesTheDocumentedStart(_ c: Case) {
        #expect(
            chooseActiveStart(
                scores: c.scores, threshold: c.threshold, minActive: c.minActive,
                maxActive: c.maxActive) == c.start)
    }
}

@Suite(.timeLimit(.minutes(10))) struct StabilityTestTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let losses: [Double], stable: Bool?, why: String
        var testDescription: String { why }
    }

    static let test = StabilityTest(window: 3, maxRelChange: 0.05, maxCV: 0.05)
    static let cases: [Case] = [
        Case(losses: [1, 1, 1, 1, 1], stable: nil, why: "fewer than 2W losses: no verdict yet"),
        Case(losses: [1, 1, 1, 1, 1, 1], stable: true, why: "flat history is stable"),
        Case(losses: [2, 2, 2, 1, 1, 1], stable: false, why: "a 50% drop between windows"),
        Case(losses: [1, 1, 1, 0.96, 0.96, 0.96], stable: true, why: "4% change is within 5%"),
        Case(losses: [1, 1, 1, 0.94, 0.94, 0.94], stable: false, why: "6% change is over 5%"),
        Case(losses: [1, 1, 1, 0.8, 1.2, 1.0], stable: false, why: "same mean, but the last window is noisy"),
        Case(losses: [9, 9, 1, 1, 1, 1, 1, 1], stable: true, why: "only the last 2W losses count")
    ]

    @Test(arguments: cases) func judgesStability(_ c: Case) {
        #expect(Self.test.evaluate(c.losses)?.stable == c.stable)
    }

    @Test func reportsItsFigures() throws {
        let outcome = try #require(Self.test.evaluate([1, 1, 1, 0.5, 1.0, 1.5]))
        #expect(outcome.prevMean == 1)
        #expect(outcome.currMean == 1)
        #expect(outcome.relChange == 0)
        #expect(abs(outcome.cv - (1.0 / 6).squareRoot()) < 1e-12)
    }
}

@Suite(.timeLimit(.minutes(10))) struct FinalRecoveryTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let progress: Double, current: Int, layers: Int, stage: String
        var testDescription: String { "p=\(progress) current=\(current) → \(layers) \(stage)" }
    }

    /// N = 18, min 4, stages at 0.34 / 0.67 with 14 / 16 layers (the reference defaults).
    static let staged: FinalRecovery = {
        var c = BenchConfig()
        c.dynFinalRecoveryMode = .staged
        return FinalRecovery(config: c, minActive: 4)
    }()

    static let cases: [Case] = [
        Case(progress: 0.0, current: 6, layers: 14, stage: "stage1"),
        Case(progress: 0.33, current: 15, layers: 15, stage: "stage1"),
        Case(progress: 0.34, current: 6, layers: 16, stage: "stage2"),
        Case(progress: 0.66, current: 17, layers: 17, stage: "stage2"),
        Case(progress: 0.67, current: 6, layers: 18, stage: "stage3_full"),
        Case(progress: 1.0, current: 4, layers: 18, stage: "stage3_full")
    ]

    @Test(arguments: cases) func stagedRecoveryRaisesActiveLayers(_ c: Case) {
        let (layers, stage) = Self.staged.activeLayers(progress: c.progress, currentActive: c.current)
        #expect(layers == c.layers)
        #expect(stage == c.stage)
    }

    @Test func stageLayersAreClampedAndOrdered() {
        var c = BenchConfig()
        c.nLayers = 10
        c.dynFinalRecoveryMode = .staged
        c.dynFinalRecoveryStage1Layers = 14  // above N: clamped to 10
        c.dynFinalRecoveryStage2Layers = 3  // below stage 1: raised to it
        c.dynFinalRecoveryStage1Progress = 0.8
        c.dynFinalRecoveryStage2Progress = 0.2  // below stage 1's bound: raised to it
        let r = FinalRecovery(config: c, minActive: 2)
        #expect(r.stage1Layers == 10)
        #expect(r.stage2Layers == 10)
        #expect(r.stage2Progress == 0.8)
    }

    @Test func fullModeTrainsEveryBlock() {
        let r = FinalRecovery(config: BenchConfig(), minActive: 4)
        #expect(r.activeLayers(progress: 0.1, currentActive: 5) == (18, "full"))
    }
}
