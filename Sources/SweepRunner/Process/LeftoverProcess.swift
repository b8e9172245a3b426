import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A job process a killed runner left behind. It is not this runner's child, so no waitpid
/// sees its end: it is polled. Its pid is trusted only while the process carries the job's
/// BLOCKSWEEP_JOB_ID (pids get reused).
enum LeftoverProcess {
    /// Whether job `jobID`'s process `pid` still runs. A zombie (ended, not yet reaped by
    /// whoever inherited it) has an empty environ, so it reads as ended.
    static func isRunning(pid: Int32?, jobID: String) -> Bool {
        guard let pid, pid > 1, let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else {
            return false
        }
        return environ.split(separator: 0).contains { $0.elementsEqual("BLOCKSWEEP_JOB_ID=\(jobID)".utf8) }
    }

    /// Calls `onEnd` once, on a thread of its own, when the process has ended.
    static func watch(pid: Int32, jobID: String, onEnd: @escaping @Sendable () -> Void) {
        let watcher = Thread {
            while isRunning(pid: pid, jobID: jobID) { usleep(50_000) }
            // As after a child's end: whatever it left in its group goes too, so it cannot take
            // cores from the next job.
            _ = kill(-pid, SIGKILL)
            onEnd()
        }
        watcher.stackSize = 128 * 1024
        watcher.start()
    }
}
