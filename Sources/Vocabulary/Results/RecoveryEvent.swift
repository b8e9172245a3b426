package struct RecoveryEvent: Sendable, Equatable {
    package var step: Int
    package var mode: RecoveryMode
    /// "full" in full mode; "stage1", "stage2", "stage3_full" in staged mode.
    package var stage: String
    package var progress: Double
    package var activeLayers: Int

    package init(step: Int, mode: RecoveryMode, stage: String, progress: Double, activeLayers: Int) {
        self.step = step
        self.mode = mode
        self.stage = stage
        self.progress = progress
        self.activeLayers = activeLayers
    }
}
