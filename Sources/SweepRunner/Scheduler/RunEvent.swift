import Foundation

/// What wakes the scheduler: a job's process ended, or the user asked to stop.
enum RunEvent: Sendable, Equatable {
    case exited(pid: Int32, status: ExitStatus)
    /// An adopted process (a killed runner's job, not our child) ended; its status is unknown.
    case leftoverEnded(pid: Int32)
    case interrupt(signal: Int32)
}
