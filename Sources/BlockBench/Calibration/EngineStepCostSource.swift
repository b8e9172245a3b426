import Vocabulary

/// Real step costs: a student of the benchmark's model trained one step at a time, each step of
/// the asked kind, timed exactly as BenchRun times its steps (BenchRun.timedStep), on a fresh
/// batch drawn outside the timed part.
package struct EngineStepCostSource: StepCostSource {
    let config: BenchConfig
    let teacher: ModelWeights
    let trainer: Trainer
    let input: FloatBuffer
    let target: FloatBuffer
    var random: RandomStream

    package init(config: BenchConfig, threads: Int) {
        self.config = config
        let (teacher, student) = BenchRun.models(for: config)
        self.teacher = teacher
        trainer = Trainer(
            model: student, rows: config.rowsPerBatch, settings: BenchRun.optimizerSettings(for: config),
            threads: max(threads, 1))
        input = FloatBuffer(count: config.rowsPerBatch * config.dmodel)
        target = FloatBuffer(count: config.rowsPerBatch * config.dmodel)
        random = RandomStream(seed: config.seed, stream: BenchRun.Stream.training.rawValue)
    }

    package mutating func stepMs(of kind: StepKind) -> Double {
        BenchRun.fillBatch(input: input, target: target, teacher: teacher, trainer: trainer, random: &random)
        let n = config.nLayers
        let (activeLayers, probe): (Int, Bool) =
            switch kind {
            case .active(let k): (k, false)
            case .probe: (n, true)
            }
        return BenchRun.timedStep(
            trainer: trainer, input: input, target: target, activeStart: n - activeLayers,
            relevance: probe ? config.dynRelevanceMetric : nil, eps: config.dynEps
        ).ms
    }
}
