import Vocabulary

/// A job of a command that writes no result file: what the report can say is whether it ran
/// and how long it took.
public struct PlainRun: Sendable, Equatable, Codable {
    public var id: String
    public var params: [String: ParameterValue]
    public var seed: Int
    /// done, failed, skipped, running or pending (the journal's last word on the job).
    public var state: String
    /// From the last attempt's start to its end in the journal (whole seconds); nil when it did
    /// not end.
    public var seconds: Double?

    public init(id: String, params: [String: ParameterValue], seed: Int, state: String, seconds: Double?) {
        self.id = id
        self.params = params
        self.seed = seed
        self.state = state
        self.seconds = seconds
    }
}
