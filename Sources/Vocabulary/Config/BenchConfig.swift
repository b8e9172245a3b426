/// Every setting of one benchmark run, named and defaulted as on the reference command line
/// (docs/benchmark.md). Property names are the flags in camelCase; the JSON keys are the
/// flags in snake_case.
public struct BenchConfig: Sendable, Equatable {
    public var device = "auto"
    public var dtype = "bfloat16"
    public var seed = 42
    public var dmodel = 1024
    public var nLayers = 18
    public var hiddenMult = 4
    public var batchSize = 8
    public var seqLen = 1024
    public var steps = 200
    public var equalTimeBudget = false
    public var maxStepsMultiplier = 3.0
    public var lr = 3e-4
    public var weightDecay = 0.0
    public var teacherNoise = 0.02
    public var valBatches = 4
    public var warmupIgnoreSteps = 5
    public var staticActiveLayers = 6
    public var dynWarmupSteps = 40
    public var dynProbeEvery = 20
    public var dynRefreshEvery = 80
    public var dynRelevanceMetric = RelevanceMetric.gradRatio
    public var dynRelevanceThreshold = 0.9
    public var dynMinActiveLayers = 4
    public var dynMaxActiveLayers = 0
    public var dynAdaptBudget = false
    public var dynFreezeStartStep = -1
    public var dynFreezeStartFrac = 0.5
    public var dynRequireStable = false
    public var dynStabilityWindow = 12
    public var dynStabilityRelChange = 0.02
    public var dynStabilityCv = 0.03
    public var dynFinalFullFrac = 0.0
    public var dynFinalRecoveryMode = RecoveryMode.full
    public var dynFinalRecoveryStage1Progress = 0.34
    public var dynFinalRecoveryStage2Progress = 0.67
    public var dynFinalRecoveryStage1Layers = 14
    public var dynFinalRecoveryStage2Layers = 16
    public var dynLossUpper = 1.03
    public var dynLossLower = 0.995
    public var dynBudgetStepUp = 2
    public var dynBudgetStepDown = 1
    public var dynLossEmaDecay = 0.9
    public var dynEmaDecay = 0.9
    public var dynEps = 1e-8
    public var jsonOut: String? = nil

    public init() {}

    public var hidden: Int { dmodel * hiddenMult }
    /// Rows of one batch: the engine treats (batch, seq, dmodel) as (batch*seq, dmodel).
    public var rowsPerBatch: Int { batchSize * seqLen }
    /// The blocks static_suffix trains: static_active_layers kept within 1...n_layers, as the
    /// reference clamps it.
    public var staticActiveCount: Int { min(max(staticActiveLayers, 1), nLayers) }
}
