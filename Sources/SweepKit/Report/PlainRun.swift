import Vocabulary

/// A job of a command that writes no result file: what the report can say is whether it ran
/// and how long it took (unlike a `RunRecord` or a `MetricsRun`, it has no values at all).
package struct PlainRun: Sendable, Equatable, Codable {
    package var id: String
    package var params: [String: ParameterValue]
    package var seed: Int
    /// done, failed, skipped, running or pending (the journal's last word on the job).
    package var state: String
    /// From the last attempt's start to its end in the journal (whole seconds); nil when it did
    /// not end.
    package var seconds: Double?

    package init(id: String, params: [String: ParameterValue], seed: Int, state: String, seconds: Double?) {
        self.id = id
        self.params = params
        self.seed = seed
        self.state = state
        self.seconds = seconds
    }
}
