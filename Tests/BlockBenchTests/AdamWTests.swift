import Testing

@testable import BlockBench

@Suite(.timeLimit(.minutes(10))) struct AdamWTests {
    /// One torch-style AdamW step worked by hand: p=0.5, g=0.2, lr=0.1, wd=0.01, step 1.
    /// decay: 0.5·(1 − 0.1·0.01) = 0.4995; m = 0.02, v = 4e-5; m̂ = 0.2, v̂ = 0.04;
    /// p = 0.4995 − 0.1·0.2/(0.2 + 1e-8) = 0.3995 (to float precision).
    @Test func firstStepMatchesHandComputedValues() {
        let param = FloatBuffer([0.5, -1.0, 0.0])
        let grad = FloatBuffer([0.2, -0.4, 0.0])
        let state = AdamWState(count: 3)
        state.update(
            param: param, grad: grad, settings: AdamWSettings(lr: 0.1, weightDecay: 0.01),
            parallel: Parallel(threads: 1))
        #expect(abs(param[0] - 0.3995) < 1e-6)
        // -1·0.999 = −0.999, then −0.1·(−0.4/0.4) → −0.899
        #expect(abs(param[1] - -0.899) < 1e-6)
        #expect(param[2] == 0, "zero gradient and zero weight stay zero")
        #expect(abs(state.m[0] - 0.02) < 1e-8)
        #expect(abs(state.v[0] - 4e-5) < 4e-9, "float32 1 − 0.999 is off by 5e-5 relative")
        #expect(state.step == 1)
    }

    /// Second step: moments carry over and bias corrections use t = 2.
    @Test func secondStepUsesBiasCorrectionOfStepTwo() {
        let param = FloatBuffer([1.0])
        let state = AdamWState(count: 1)
        let settings = AdamWSettings(lr: 0.01, weightDecay: 0)
        state.update(param: param, grad: FloatBuffer([1.0]), settings: settings, parallel: Parallel(threads: 1))
        state.update(param: param, grad: FloatBuffer([0.5]), settings: settings, parallel: Parallel(threads: 1))
        let m = 0.9 * 0.1 + 0.1 * 0.5
        let v = 0.999 * 0.001 + 0.001 * 0.25
        let mHat = m / (1 - 0.81)
        let vHat = v / (1 - 0.999 * 0.999)
        let expected = 1.0 - 0.01 - 0.01 * mHat / (vHat.squareRoot() + 1e-8)
        #expect(abs(Double(param[0]) - expected) < 1e-6)
    }

    /// A frozen block got no gradient: its weights, moments and step count stay as they were,
    /// and weight decay does not touch it either.
    @Test func tensorWithoutGradientIsNotTouched() {
        let setup = TinySetup(nLayers: 3)
        let trainer = setup.trainer(lr: 0.05, weightDecay: 0.1)
        let before = trainer.model.w1[0].array
        _ = trainer.trainStep(input: setup.input, target: setup.target, activeStart: 1)
        #expect(trainer.model.w1[0].array == before)
        #expect(trainer.optimizer[0].step == 0)
        #expect(trainer.optimizer[0].m.array.allSatisfy { $0 == 0 })
        #expect(trainer.optimizer[2].step == 1, "block 1 trained")
        #expect(trainer.optimizer[6].step == 1, "the head always trains")
        _ = trainer.trainStep(input: setup.input, target: setup.target, activeStart: 0)
        #expect(trainer.optimizer[0].step == 1)
        #expect(trainer.optimizer[2].step == 2)
    }

    /// The trainer updates each block as soon as its backward is done; that must equal the
    /// plain order, every gradient first and every update after, to the last bit.
    @Test func updatingBlocksDuringBackwardEqualsUpdatingAtTheEnd() {
        let setup = TinySetup(nLayers: 3)
        let fused = setup.trainer(lr: 0.05, weightDecay: 0.01)
        _ = fused.trainStep(input: setup.input, target: setup.target, activeStart: 0)
        let plain = setup.trainer(lr: 0.05, weightDecay: 0.01)
        _ = plain.computeGradients(input: setup.input, target: setup.target, activeStart: 0)
        for (i, (param, grad)) in zip(plain.model.tensors, plain.grads.tensors).enumerated() {
            plain.optimizer[i].update(param: param, grad: grad, settings: plain.settings, parallel: plain.parallel)
        }
        for (a, b) in zip(fused.model.tensors, plain.model.tensors) { #expect(a.array == b.array) }
    }
}
