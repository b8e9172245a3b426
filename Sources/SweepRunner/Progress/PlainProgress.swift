import Foundation

/// One line per job event, for logs and pipes: `[12/40] done 3f9a… static_suffix seed 1 on cpu:0-1 (41s)`.
public final class PlainProgress: ProgressSink {
    private let write: (String) -> Void

    public init(write: @escaping (String) -> Void = { ConsoleOutput.out($0 + "\n") }) {
        self.write = write
    }

    public var tickInterval: Double? { nil }

    public func event(_ event: ProgressEvent, _ snapshot: ProgressSnapshot) {
        var line = "[\(snapshot.done)/\(snapshot.total)] \(event.kind.rawValue) \(event.jobID) \(event.label)"
        if event.attempt > 1 { line += " (attempt \(event.attempt))" }
        if let device = event.device { line += " on \(device)" }
        if let seconds = event.seconds { line += " (\(ProgressSnapshot.duration(seconds)))" }
        if let reason = event.reason { line += ": \(reason)" }
        write(line)
    }

    public func tick(_ snapshot: ProgressSnapshot) {}

    public func finish(_ snapshot: ProgressSnapshot) {
        write(snapshot.countsLine)
    }
}
