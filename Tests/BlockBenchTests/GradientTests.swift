import Testing
import Vocabulary

@testable import BlockBench

/// Backward pass against central finite differences of the loss, in double-checked float32.
@Suite(.timeLimit(.minutes(10))) struct GradientTests {
    /// dL/dw for a handful of entries of `tensor`, by (L(w+h) − L(w−h)) / 2h.
    func numericGradient(_ trainer: Trainer, _ setup: TinySetup, tensor: FloatBuffer, entries: [Int]) -> [Double] {
        let h: Float = 1e-2
        return entries.map { j in
            let saved = tensor[j]
            tensor[j] = saved + h
            let up = trainer.evaluate(input: setup.input, target: setup.target)
            tensor[j] = saved - h
            let down = trainer.evaluate(input: setup.input, target: setup.target)
            tensor[j] = saved
            return (up - down) / Double(2 * h)
        }
    }

    func check(tensor: (ModelWeights) -> FloatBuffer, activeStart: Int = 0) {
        let setup = TinySetup()
        let trainer = setup.trainer()
        _ = trainer.computeGradients(input: setup.input, target: setup.target, activeStart: activeStart)
        let analytic = tensor(trainer.grads)
        let entries = Array(stride(from: 0, to: analytic.count, by: max(analytic.count / 12, 1)))
        let numeric = numericGradient(trainer, setup, tensor: tensor(trainer.model), entries: entries)
        let exact = entries.map { Double(analytic[$0]) }
        let scale = exact.map(abs).max() ?? 1
        #expect(scale > 1e-6, "gradients should not vanish in this setup")
        #expect(allClose(numeric, exact, rtol: 2e-2, atol: 2e-3 * scale), "numeric \(numeric) vs backward \(exact)")
    }

    @Test func headGradientMatchesFiniteDifferences() { check(tensor: { $0.head }) }
    @Test func topBlockW1MatchesFiniteDifferences() { check(tensor: { $0.w1[2] }) }
    @Test func topBlockW2MatchesFiniteDifferences() { check(tensor: { $0.w2[2] }) }
    @Test func lowestBlockMatchesFiniteDifferences() {
        check(tensor: { $0.w1[0] })
        check(tensor: { $0.w2[0] })
    }

    /// Freezing a prefix changes nothing for the suffix: the active blocks' gradients equal those
    /// of a full backward pass, and the frozen blocks get none.
    @Test func frozenPrefixLeavesSuffixGradientsUnchanged() {
        let setup = TinySetup(nLayers: 4)
        let full = setup.trainer()
        let partial = setup.trainer()
        _ = full.computeGradients(input: setup.input, target: setup.target, activeStart: 0)
        _ = partial.computeGradients(input: setup.input, target: setup.target, activeStart: 2)
        for i in 2..<4 {
            #expect(full.grads.w1[i].array == partial.grads.w1[i].array)
            #expect(full.grads.w2[i].array == partial.grads.w2[i].array)
        }
        #expect(full.grads.head.array == partial.grads.head.array)
        #expect(partial.grads.w1[0].array.allSatisfy { $0 == 0 }, "a frozen block gets no gradient")
    }
}

@Suite(.timeLimit(.minutes(10))) struct RelevanceTests {
    /// Both metrics, from a step's gradients, against sums written out here; the update that
    /// follows in the same step must not leak into them.
    @Test(arguments: RelevanceMetric.allCases) func relevanceIsComputedFromThisStepsGradients(_ metric: RelevanceMetric)
        throws
    {
        let setup = TinySetup(nLayers: 3)
        let reference = setup.trainer()
        _ = reference.computeGradients(input: setup.input, target: setup.target, activeStart: 0)
        let expected: [Double] = (0..<3).map { i in
            let g = reference.grads.w1[i].array + reference.grads.w2[i].array
            let w = reference.model.w1[i].array + reference.model.w2[i].array
            switch metric {
            case .gradRatio:
                let gg = g.reduce(0.0) { $0 + Double($1) * Double($1) }
                let ww = w.reduce(0.0) { $0 + Double($1) * Double($1) }
                return gg.squareRoot() / (ww.squareRoot() + 1e-8)
            case .saliencyAbsGP:
                return zip(g, w).reduce(0.0) { $0 + abs(Double($1.0) * Double($1.1)) }
            }
        }
        let trainer = setup.trainer()
        let scores = try #require(
            trainer.trainStep(
                input: setup.input, target: setup.target, activeStart: 0,
                relevance: metric
            ).relevance)
        #expect(allClose(scores, expected, rtol: 1e-5))
        #expect(trainer.model.w1[0].array != setup.student.w1[0].array, "the step did update the weights")
    }
}
