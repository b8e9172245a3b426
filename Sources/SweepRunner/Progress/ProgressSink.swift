import Foundation

/// Receives the scheduler's events; the command picks the terminal or the plain form.
package protocol ProgressSink: AnyObject {
    /// How often the scheduler should call `tick` (nil: never).
    var tickInterval: Double? { get }
    /// Whether it shows running jobs' last steps: only then does a snapshot read their
    /// progress files (the plain lines do not show them).
    var showsSteps: Bool { get }
    func event(_ event: ProgressEvent, _ snapshot: ProgressSnapshot)
    func tick(_ snapshot: ProgressSnapshot)
    func finish(_ snapshot: ProgressSnapshot)
}

extension ProgressSink {
    package var showsSteps: Bool { false }
}
