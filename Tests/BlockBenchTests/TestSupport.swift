import Foundation
import Vocabulary

@testable import BlockBench

/// |a − b| ≤ atol + rtol·|b|, element by element (as mlx-swift's allClose).
func allClose(_ a: [Double], _ b: [Double], rtol: Double = 1e-5, atol: Double = 1e-8) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= atol + rtol * abs($1) }
}

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

let referenceResults = packageRoot.appendingPathComponent("Tests/Fixtures/reference-results")

/// A tiny model and one fixed batch, for gradient and optimizer checks.
struct TinySetup {
    let config: BenchConfig
    let teacher: ModelWeights
    let student: ModelWeights
    let input: FloatBuffer
    let target: FloatBuffer

    init(dmodel: Int = 8, hiddenMult: Int = 2, nLayers: Int = 3, rows: Int = 6, noise: Float = 0.3, seed: Int = 7) {
        var c = BenchConfig()
        c.dmodel = dmodel
        c.hiddenMult = hiddenMult
        c.nLayers = nLayers
        c.batchSize = 1
        c.seqLen = rows
        config = c
        var r1 = RandomStream(seed: seed, stream: 1)
        teacher = ModelWeights.initialized(dmodel: dmodel, hidden: c.hidden, nLayers: nLayers, random: &r1)
        var r2 = RandomStream(seed: seed, stream: 2)
        student = teacher.perturbed(std: noise, random: &r2)
        input = FloatBuffer(count: rows * dmodel)
        var r3 = RandomStream(seed: seed, stream: 3)
        r3.fillNormal(input)
        let helper = Trainer(
            model: teacher.copy(), rows: rows, settings: AdamWSettings(lr: 0, weightDecay: 0), threads: 1)
        target = FloatBuffer(count: rows * dmodel)
        Trainer.forward(
            teacher, input: input, workspace: helper.workspace, parallel: helper.parallel, keepFrom: nLayers)
        target.copy(from: helper.workspace.output)
    }

    func trainer(lr: Float = 1e-2, weightDecay: Float = 0, threads: Int = 1) -> Trainer {
        Trainer(
            model: student.copy(), rows: config.rowsPerBatch,
            settings: AdamWSettings(lr: lr, weightDecay: weightDecay), threads: threads)
    }
}

/// A small but real benchmark configuration that runs in well under a second.
func smallConfig() -> BenchConfig {
    var c = BenchConfig()
    c.dtype = "float32"
    c.dmodel = 32
    c.nLayers = 6
    c.hiddenMult = 2
    c.batchSize = 2
    c.seqLen = 16
    c.steps = 40
    c.valBatches = 2
    c.staticActiveLayers = 2
    c.dynWarmupSteps = 4
    c.dynProbeEvery = 5
    c.dynRefreshEvery = 20
    c.dynRelevanceThreshold = 0.8
    c.dynMinActiveLayers = 2
    c.dynMaxActiveLayers = 4
    c.dynFreezeStartFrac = 0.3
    c.lr = 1e-3
    return c
}
