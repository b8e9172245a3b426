import BlockBench
import Testing

/// The engine's preconditions hold: BlockBench is built without `-Ounchecked`, which would
/// remove these checks (it used to be, in every build, tests included).
@Suite(.timeLimit(.minutes(10)))
struct PreconditionTests {
    @Test func copyingABufferOfAnotherSizeTraps() async {
        await #expect(processExitsWith: .failure) {
            FloatBuffer(count: 2).copy(from: FloatBuffer(count: 3))
        }
    }

    @Test func aStepWithNoTrainedBlockTraps() async {
        await #expect(processExitsWith: .failure) {
            let model = ModelWeights(dmodel: 4, hidden: 8, nLayers: 2)
            let trainer = Trainer(model: model, rows: 2, settings: AdamWSettings(lr: 0, weightDecay: 0), threads: 1)
            _ = trainer.trainStep(input: FloatBuffer(count: 8), target: FloatBuffer(count: 8), activeStart: 2)
        }
    }
}
