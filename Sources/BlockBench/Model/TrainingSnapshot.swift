/// A trainer's whole state between two steps: every weight tensor and its AdamW moments and
/// step count, in `ModelWeights.tensors` order. A forked run loads the baseline's snapshot at
/// its divergence step and trains on from there (docs/benchmark.md, "Prefix forking").
package struct TrainingSnapshot: Sendable, Equatable {
    /// Steps trained before this state.
    package var step: Int
    package var weights: [[Float]]
    package var firstMoments: [[Float]]
    package var secondMoments: [[Float]]
    package var adamSteps: [Int]

    package init(step: Int, weights: [[Float]], firstMoments: [[Float]], secondMoments: [[Float]], adamSteps: [Int]) {
        self.step = step
        self.weights = weights
        self.firstMoments = firstMoments
        self.secondMoments = secondMoments
        self.adamSteps = adamSteps
    }

    /// Tensor sizes, for checking a snapshot fits a model.
    package var tensorCounts: [Int] { weights.map(\.count) }
}
