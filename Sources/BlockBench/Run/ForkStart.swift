import Vocabulary

/// What a forked dynamic_suffix run starts from: the baseline's record of its first `step`
/// steps (losses, measured step times, relevance statistics) and its training state after them.
package struct ForkStart: Sendable {
    package var baselineJob: String
    package var step: Int
    package var losses: [Double]
    package var stepTimesMs: [Double]
    /// The source's active layers per step; empty means every block (a baseline).
    package var activeLayers: [Int] = []
    /// Per recorded step, one entry per block.
    package var relevance: [Int: [BlockRelevance]]
    package var snapshot: TrainingSnapshot

    package init(
        baselineJob: String, step: Int, losses: [Double], stepTimesMs: [Double],
        relevance: [Int: [BlockRelevance]], snapshot: TrainingSnapshot
    ) {
        self.baselineJob = baselineJob
        self.step = step
        self.losses = losses
        self.stepTimesMs = stepTimesMs
        self.relevance = relevance
        self.snapshot = snapshot
    }
}
