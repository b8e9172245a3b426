import Foundation

/// A job's state change, as the plain output prints it.
package struct ProgressEvent: Sendable, Equatable {
    package enum Kind: String, Sendable {
        case started, done, failed, retrying, skipped, interrupted
        /// A job still running from a runner that was killed, now watched by this one.
        case adopted
        /// Its round policy stopped it before its end (pruning).
        case stoppedEarly = "stopped early"
    }

    package var kind: Kind
    package var jobID: String
    package var label: String
    package var device: String?
    package var reason: String?
    package var seconds: Double?
    package var attempt: Int
}
