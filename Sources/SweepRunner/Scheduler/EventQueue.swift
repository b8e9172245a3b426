import Foundation

/// A thread-safe inbox the scheduler sleeps on. Waiter threads and signal handlers post;
/// the scheduler's thread takes everything at once.
final class EventQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var events: [RunEvent] = []

    func post(_ event: RunEvent) {
        condition.lock()
        events.append(event)
        condition.signal()
        condition.unlock()
    }

    /// Everything posted so far, waiting until `deadline` for the first event.
    func take(until deadline: Date) -> [RunEvent] {
        condition.lock()
        defer { condition.unlock() }
        while events.isEmpty {
            if !condition.wait(until: deadline) { break }
        }
        let taken = events
        events.removeAll()
        return taken
    }
}
