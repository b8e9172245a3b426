import Foundation
import Vocabulary

/// One line per job event, for logs and pipes: `[12/40] done 3f9a… static_suffix seed 1 on cpu:0-1 (41s)`.
package final class PlainProgress: ProgressSink {
    private let write: (String) -> Void

    package init(write: @escaping (String) -> Void = { ConsoleOutput.out($0 + "\n") }) {
        self.write = write
    }

    package var tickInterval: Double? { nil }

    package func event(_ event: ProgressEvent, _ snapshot: ProgressSnapshot) {
        var line = "[\(snapshot.done)/\(snapshot.total)] \(event.kind.rawValue) \(event.jobID) \(event.label)"
        if event.attempt > 1 { line += " (attempt \(event.attempt))" }
        if let device = event.device { line += " on \(device)" }
        if let seconds = event.seconds { line += " (\(NumberText.duration(seconds)))" }
        if let reason = event.reason { line += ": \(reason)" }
        write(line)
    }

    package func tick(_ snapshot: ProgressSnapshot) {}

    package func finish(_ snapshot: ProgressSnapshot) {
        write(snapshot.countsLine)
    }
}
