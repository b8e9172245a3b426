/// A Slurm job state, as squeue, scontrol and sacct print it, read as what it means for the
/// attempt: still queued, running, or ended and how.
package enum SlurmState: Sendable, Equatable {
    /// PENDING, or requeued and waiting again.
    case queued
    /// RUNNING, and the states a running task passes through (COMPLETING, SUSPENDED, …).
    case running
    /// COMPLETED: exit status 0.
    case completed
    /// FAILED, OUT_OF_MEMORY, DEADLINE, SPECIAL_EXIT: the attempt failed (a retry may help).
    case failed(String)
    /// TIMEOUT: the `--time` limit (the sweep's timeout) ended it.
    case timedOut
    /// CANCELLED: scancel, or a dependency that can never be met.
    case cancelled
    /// NODE_FAIL, PREEMPTED, BOOT_FAIL, REVOKED: Slurm lost the attempt; nothing about the job
    /// itself, so it runs again without using a retry.
    case lost(String)

    /// Reads a state name ("CANCELLED by 0" as sacct writes it reads as CANCELLED). Unknown
    /// names read as running: the task is in Slurm's hands, and the next poll looks again.
    package init(_ text: String) {
        let name = text.split(separator: " ").first.map(String.init)?.uppercased() ?? ""
        switch name {
        case "PENDING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED": self = .queued
        case "COMPLETED": self = .completed
        case "FAILED", "OUT_OF_MEMORY", "DEADLINE", "SPECIAL_EXIT": self = .failed(name)
        case "TIMEOUT": self = .timedOut
        case "CANCELLED": self = .cancelled
        case "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "REVOKED": self = .lost(name)
        default: self = .running
        }
    }

    /// The task will not change any more.
    package var isFinal: Bool {
        switch self {
        case .queued, .running: return false
        default: return true
        }
    }
}
