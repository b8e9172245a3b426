/// What a source run (a full_update baseline or a dynamic_suffix sibling) recorded for its dependents (prefix forking); the snapshots
/// themselves went to the run's snapshot sink as they were taken.
package struct ForkRecording: Sendable {
    package var losses: [Double] = []
    /// Measured step times, the relevance bookkeeping left out.
    package var stepTimesMs: [Double] = []
    /// The source's active layers per step (every block for a baseline).
    package var activeLayers: [Int] = []
    /// The steps some dependent probes before it diverges, each with one entry per block.
    package var relevance: [(step: Int, blocks: [BlockRelevance])] = []
    /// Each dependent's fork step.
    package var forkSteps: [String: Int] = [:]
    /// Dependents that cannot fork from this baseline, and why.
    package var refused: [(job: String, reason: String)] = []

    package init() {}
}
