/// One attempt of one job, ready to start: what to run, where, and where its output goes.
package struct JobLaunch: Sendable, Equatable {
    package var jobID: String
    package var argv: [String]
    /// The whole environment of the process.
    package var environment: [String: String]
    package var slot: Slot
    package var stdoutPath: String
    package var stderrPath: String
    /// A line written to both logs before the process starts (attempt number, command).
    package var header: String
}
