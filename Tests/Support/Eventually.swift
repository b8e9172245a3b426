import Foundation

/// Waits for an event nothing signals to the test directly: a file a job writes, a journal
/// line, a line a child prints, a state Slurm reports. It looks again after a short pause (a
/// few milliseconds, growing to a fifth of a second), so the wait ends as soon as the event has
/// happened, however fast or slow the machine. It gives up only past `patience`, minutes later:
/// a guard against a hang, never a measure of speed. Giving up throws what it waited for and
/// what it saw last, so the failure says which event never came.
package enum Eventually {
    /// Far beyond any wait a test makes on the slowest machine; under every suite's time limit.
    package static let patience: Double = 300

    package struct GaveUp: Error, CustomStringConvertible {
        package let description: String
    }

    /// Waits until `look` returns a value, and returns it.
    @discardableResult
    package static func value<T>(
        of what: String, patience: Double = patience, lastSeen: @autoclosure () -> String = "",
        _ look: () throws -> T?
    ) throws -> T {
        let deadline = Date().addingTimeInterval(patience)
        var pause: useconds_t = 5_000
        while true {
            if let found = try look() { return found }
            guard Date() < deadline else {
                let seen = lastSeen()
                throw GaveUp(
                    description: "gave up after \(Int(patience)) s waiting for \(what)"
                        + (seen.isEmpty ? "" : "; last seen: \(seen)"))
            }
            usleep(pause)
            pause = min(pause * 2, 200_000)
        }
    }

    /// Waits until `condition` holds.
    package static func wait(
        for what: String, patience: Double = patience, lastSeen: @autoclosure () -> String = "",
        until condition: () throws -> Bool
    ) throws {
        try value(of: what, patience: patience, lastSeen: lastSeen()) { try condition() ? true : nil }
    }

    /// Waits until the file at `path` exists (a marker a job writes).
    package static func file(_ path: String, patience: Double = patience) throws {
        try wait(for: "the file \(path)", patience: patience) { FileManager.default.fileExists(atPath: path) }
    }
}
