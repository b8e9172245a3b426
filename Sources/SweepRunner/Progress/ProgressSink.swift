import Foundation

/// Receives the scheduler's events; the command picks the terminal or the plain form.
package protocol ProgressSink: AnyObject {
    /// How often the scheduler should call `tick` (nil: never).
    var tickInterval: Double? { get }
    func event(_ event: ProgressEvent, _ snapshot: ProgressSnapshot)
    func tick(_ snapshot: ProgressSnapshot)
    func finish(_ snapshot: ProgressSnapshot)
}
