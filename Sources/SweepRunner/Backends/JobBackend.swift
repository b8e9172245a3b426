/// Where job processes run. The local backend spawns them on this machine; a Slurm backend
/// would submit them with sbatch and report their ends the same way.
package protocol JobBackend: AnyObject, Sendable {
    /// Starts the attempt and returns its handle (the local backend: the pid, which is also the
    /// process group id). `onExit` is called once, on any thread, with that handle when it has
    /// ended.
    func start(_ launch: JobLaunch, onExit: @escaping @Sendable (Int32, ExitStatus) -> Void) throws(SweepRunError)
        -> Int32

    /// Sends a signal to the attempt and everything it started.
    func signal(_ handle: Int32, _ signal: Int32)
}
