/// Every setting of one benchmark run, named and defaulted as on the reference command line
/// (docs/benchmark.md). Property names are the flags in camelCase; the JSON keys are the
/// flags in snake_case.
package struct BenchConfig: Sendable, Equatable {
    package var device = "auto"
    package var dtype = "bfloat16"
    package var seed = 42
    package var dmodel = 1024
    package var nLayers = 18
    package var hiddenMult = 4
    package var batchSize = 8
    package var seqLen = 1024
    package var steps = 200
    package var equalTimeBudget = false
    package var maxStepsMultiplier = 3.0
    package var lr = 3e-4
    package var weightDecay = 0.0
    package var teacherNoise = 0.02
    package var valBatches = 4
    package var warmupIgnoreSteps = 5
    package var staticActiveLayers = 6
    package var dynWarmupSteps = 40
    package var dynProbeEvery = 20
    package var dynRefreshEvery = 80
    package var dynRelevanceMetric = RelevanceMetric.gradRatio
    package var dynRelevanceThreshold = 0.9
    package var dynMinActiveLayers = 4
    package var dynMaxActiveLayers = 0
    package var dynAdaptBudget = false
    package var dynFreezeStartStep = -1
    package var dynFreezeStartFrac = 0.5
    package var dynRequireStable = false
    package var dynStabilityWindow = 12
    package var dynStabilityRelChange = 0.02
    package var dynStabilityCv = 0.03
    package var dynFinalFullFrac = 0.0
    package var dynFinalRecoveryMode = RecoveryMode.full
    package var dynFinalRecoveryStage1Progress = 0.34
    package var dynFinalRecoveryStage2Progress = 0.67
    package var dynFinalRecoveryStage1Layers = 14
    package var dynFinalRecoveryStage2Layers = 16
    package var dynLossUpper = 1.03
    package var dynLossLower = 0.995
    package var dynBudgetStepUp = 2
    package var dynBudgetStepDown = 1
    package var dynLossEmaDecay = 0.9
    package var dynEmaDecay = 0.9
    package var dynEps = 1e-8
    package var jsonOut: String? = nil

    package init() {}

    package var hidden: Int { dmodel * hiddenMult }
    /// Rows of one batch: the engine treats (batch, seq, dmodel) as (batch*seq, dmodel).
    package var rowsPerBatch: Int { batchSize * seqLen }
    /// The blocks static_suffix trains: static_active_layers kept within 1...n_layers, as the
    /// reference clamps it.
    package var staticActiveCount: Int { min(max(staticActiveLayers, 1), nLayers) }
    /// dynamic_suffix's floor: dyn_min_active_layers kept within 1...n_layers.
    package var dynMinActiveCount: Int { min(max(dynMinActiveLayers, 1), nLayers) }
    /// dynamic_suffix's cap: dyn_max_active_layers (0: no cap) kept within 1...n_layers, never
    /// below the floor.
    package var dynMaxActiveCount: Int {
        let cap = dynMaxActiveLayers <= 0 ? nLayers : min(max(dynMaxActiveLayers, 1), nLayers)
        return max(cap, dynMinActiveCount)
    }
}
