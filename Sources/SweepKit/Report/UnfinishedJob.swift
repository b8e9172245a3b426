import Vocabulary

/// A planned job that left no usable result: failed, skipped, not yet run, or whose result
/// file could not be read.
public struct UnfinishedJob: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable { case failed, skipped, pending, unreadable }

    public var id: String
    public var schedule: Schedule?
    public var seed: Int?
    public var params: [String: ParameterValue]
    public var state: State
    public var attempts: Int
    public var reason: String

    public init(id: String, schedule: Schedule?, seed: Int?, params: [String: ParameterValue] = [:],
                state: State, attempts: Int = 0, reason: String) {
        self.id = id
        self.schedule = schedule
        self.seed = seed
        self.params = params
        self.state = state
        self.attempts = attempts
        self.reason = reason
    }
}
