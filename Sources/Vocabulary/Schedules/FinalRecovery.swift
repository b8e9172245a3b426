/// The dynamic schedule's last stretch, where more (or all) blocks train again.
package struct FinalRecovery: Sendable, Equatable {
    package let mode: RecoveryMode
    package let nLayers: Int
    package let minActive: Int
    package let stage1Layers: Int
    package let stage2Layers: Int
    package let stage1Progress: Double
    package let stage2Progress: Double

    package init(config: BenchConfig, minActive: Int) {
        let n = config.nLayers
        mode = config.dynFinalRecoveryMode
        nLayers = n
        self.minActive = minActive
        stage1Layers = max(minActive, min(config.dynFinalRecoveryStage1Layers, n))
        stage2Layers = max(stage1Layers, min(config.dynFinalRecoveryStage2Layers, n))
        let p1 = min(max(config.dynFinalRecoveryStage1Progress, 0), 1)
        stage1Progress = p1
        stage2Progress = max(min(max(config.dynFinalRecoveryStage2Progress, 0), 1), p1)
    }

    /// Active blocks and stage name at `progress` ∈ [0, 1] through the recovery window, given
    /// how many blocks the dynamic schedule would train otherwise.
    package func activeLayers(progress p: Double, currentActive: Int) -> (layers: Int, stage: String) {
        switch mode {
        case .full:
            return (nLayers, "full")
        case .staged:
            let (layers, stage): (Int, String)
            if p >= stage2Progress {
                (layers, stage) = (nLayers, "stage3_full")
            } else if p >= stage1Progress {
                (layers, stage) = (max(currentActive, stage2Layers), "stage2")
            } else {
                (layers, stage) = (max(currentActive, stage1Layers), "stage1")
            }
            return (min(max(layers, minActive), nLayers), stage)
        }
    }
}
