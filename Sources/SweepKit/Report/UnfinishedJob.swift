import Vocabulary

/// A planned job that left no usable result: failed, skipped, not yet run, or whose result
/// file could not be read.
package struct UnfinishedJob: Sendable, Equatable, Codable {
    package enum State: String, Sendable, Codable {
        case failed, skipped, pending, unreadable
        /// Stopped by the sweep's round policy before its end (pruning): no result, by design.
        case stoppedEarly = "stopped early"
    }

    package var id: String
    package var schedule: Schedule?
    package var seed: Int?
    package var params: [String: ParameterValue]
    package var state: State
    package var attempts: Int
    package var reason: String

    package init(
        id: String, schedule: Schedule?, seed: Int?, params: [String: ParameterValue] = [:],
        state: State, attempts: Int = 0, reason: String
    ) {
        self.id = id
        self.schedule = schedule
        self.seed = seed
        self.params = params
        self.state = state
        self.attempts = attempts
        self.reason = reason
    }
}
