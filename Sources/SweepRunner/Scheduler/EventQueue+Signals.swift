import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Ctrl-C, SIGTERM and SIGHUP as events of a runner's queue (the local and the Slurm executor).
extension EventQueue {
    /// Catches the three signals and posts `.interrupt` for each to this queue until
    /// `stopPosting`; keep the sources until done.
    func postInterrupts() -> [DispatchSourceSignal] {
        InterruptRouter.shared.route(to: self)
    }

    /// Stops posting to the queue: the signals act as by default again (they end the process).
    static func stopPosting(_ sources: [DispatchSourceSignal]) {
        if !sources.isEmpty { InterruptRouter.shared.stopRouting() }
    }
}

/// The process's one set of signal sources, created the first time a runner catches signals
/// and never cancelled. On Linux, a dispatch signal source made after another for the same
/// signal was cancelled (with the disposition set back to SIG_DFL in between) never fires, so
/// an adaptive-seeds run, which starts one executor per round, ignored Ctrl-C and SIGTERM from
/// its second round on. The sources stay; only the queue they post to changes. With no queue,
/// a signal does what its default does: it ends the process.
final class InterruptRouter: @unchecked Sendable {
    static let shared = InterruptRouter()
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    private let lock = NSLock()
    private var sources: [DispatchSourceSignal] = []
    private var target: EventQueue?

    func route(to queue: EventQueue) -> [DispatchSourceSignal] {
        lock.lock()
        defer { lock.unlock() }
        target = queue
        if sources.isEmpty {
            sources = Self.signals.map { number in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { InterruptRouter.shared.deliver(number) }
                source.resume()
                return source
            }
        }
        return sources
    }

    func stopRouting() {
        lock.lock()
        target = nil
        lock.unlock()
    }

    private func deliver(_ number: Int32) {
        lock.lock()
        let queue = target
        lock.unlock()
        if let queue {
            queue.post(.interrupt(signal: number))
        } else {
            signal(number, SIG_DFL)
            kill(getpid(), number)
        }
    }
}
