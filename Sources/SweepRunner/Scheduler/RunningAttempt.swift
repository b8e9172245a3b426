import Foundation
import SweepKit

/// An attempt in flight.
struct RunningAttempt {
    let jobIndex: Int
    let slotIndex: Int
    let attempt: Int
    let started: Date
    let deadline: Date?
    let partialPath: String
    /// When to send SIGKILL after a SIGTERM (timeout or stop).
    var killAt: Date?
    var timedOut = false
    var interrupted = false
    /// Why its round policy stopped it (journaled before the SIGTERM), nil when it did not.
    var stoppedEarly: String?
}
