/// Where the local executor's job processes run: `LocalBackend` spawns them on this machine.
/// Slurm jobs are not started through it: `SlurmExecutor` submits them as job arrays and
/// watches them itself (docs/architecture.md, "Run").
package protocol JobBackend: AnyObject, Sendable {
    /// Starts the attempt and returns its handle (the local backend: the pid, which is also the
    /// process group id). `onExit` is called once, on any thread, with that handle when it has
    /// ended.
    func start(_ launch: JobLaunch, onExit: @escaping @Sendable (Int32, ExitStatus) -> Void) throws(SweepRunError)
        -> Int32

    /// Sends a signal to the attempt and everything it started.
    func signal(_ handle: Int32, _ signal: Int32)
}
