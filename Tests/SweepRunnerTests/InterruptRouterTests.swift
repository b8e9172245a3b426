import Foundation
import Testing

@testable import SweepRunner

#if canImport(Glibc)
    import Glibc
#endif

/// Signals reach every runner of a process, not only the first: an adaptive-seeds run starts
/// one executor per round, and Ctrl-C or SIGTERM must stop the second round as the first.
@Suite struct InterruptRouterTests {
    @Test func aSecondRunnerStillReceivesTheSignal() throws {
        for round in 1...2 {
            let queue = EventQueue()
            let sources = queue.postInterrupts()
            kill(getpid(), SIGHUP)
            let events = queue.take(until: Date().addingTimeInterval(5))
            EventQueue.stopPosting(sources)
            #expect(events.contains(.interrupt(signal: SIGHUP)), "round \(round) received no SIGHUP")
        }
    }
}
