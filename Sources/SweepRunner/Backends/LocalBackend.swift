import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs jobs as child processes of this runner. Each child gets a thread that blocks in
/// waitpid on that pid only, so processes started elsewhere in this program are never reaped
/// by mistake.
package final class LocalBackend: JobBackend {
    package init() {}

    package func start(_ launch: JobLaunch, onExit: @escaping @Sendable (Int32, ExitStatus) -> Void)
        throws(SweepRunError) -> Int32
    {
        let pid = try ProcessLauncher.spawn(
            argv: launch.argv, environment: launch.environment,
            stdoutPath: launch.stdoutPath, stderrPath: launch.stderrPath,
            cores: launch.slot.cores, header: launch.header)
        let waiter = Thread {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 {
                if errno != EINTR {
                    onExit(pid, .exited(127))
                    return
                }
            }
            // The job has ended: whatever it left in its group (a background child, one that
            // ignored the timeout's SIGTERM) goes too, so it cannot take cores from the next
            // job. The group id stays reserved while any member lives, so this reaches no one
            // else; the group alone, never the reaped pid, which may be reused by now.
            _ = kill(-pid, SIGKILL)
            onExit(pid, ExitStatus(waitStatus: status))
        }
        waiter.stackSize = 128 * 1024
        waiter.start()
        return pid
    }

    package func signal(_ handle: Int32, _ signal: Int32) {
        ProcessLauncher.signalGroup(handle, signal)
    }
}
