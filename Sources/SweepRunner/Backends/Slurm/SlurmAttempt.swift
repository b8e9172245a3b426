import Foundation

/// An attempt in Slurm's hands: its array task, and whether and where it has started.
struct SlurmAttempt: Sendable, Equatable {
    var attempt: Int
    /// "<array job id>_<task index>".
    var task: String
    var submitted: Date
    /// When the runner first saw it running (nil while queued).
    var started: Date?
    /// "slurm 123_4@node", as the progress lines and the journal show it.
    var device: String
    /// Why its round policy stopped it (journaled before the scancel), nil when it did not.
    var stoppedEarly: String?

    static func device(task: String, node: String?) -> String {
        "slurm \(task)" + (node.map { "@\($0)" } ?? "")
    }
}
