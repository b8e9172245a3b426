import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// Ctrl-C, SIGTERM and SIGHUP as events of a runner's queue (the local and the Slurm executor).
extension EventQueue {
    /// Catches the three signals and posts `.interrupt` for each; keep the sources until done.
    func postInterrupts() -> [DispatchSourceSignal] {
        [SIGINT, SIGTERM, SIGHUP].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in post(.interrupt(signal: number)) }
            source.resume()
            return source
        }
    }

    /// Gives the signals their default handling back.
    static func stopPosting(_ sources: [DispatchSourceSignal]) {
        for source in sources {
            source.cancel()
        }
        if !sources.isEmpty { for number in [SIGINT, SIGTERM, SIGHUP] { signal(number, SIG_DFL) } }
    }
}
