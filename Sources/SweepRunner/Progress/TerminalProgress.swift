import Foundation

/// The live view on a terminal: a bar with the counts, elapsed time and ETA, a line per
/// device, redrawn in place; failures and skips scroll above it so they stay readable.
public final class TerminalProgress: ProgressSink {
    private let write: (String) -> Void
    private var drawnLines = 0
    private let width: Int

    public init(width: Int = 100, write: @escaping (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }) {
        self.width = width
        self.write = write
    }

    public var tickInterval: Double? { 0.5 }

    public func event(_ event: ProgressEvent, _ snapshot: ProgressSnapshot) {
        var above: String?
        switch event.kind {
        case .failed, .retrying, .skipped:
            above = "\(event.kind.rawValue) \(event.jobID) \(event.label)" + (event.reason.map { ": \($0)" } ?? "")
        case .started, .done, .interrupted:
            above = nil
        }
        draw(snapshot, above: above)
    }

    public func tick(_ snapshot: ProgressSnapshot) { draw(snapshot, above: nil) }

    public func finish(_ snapshot: ProgressSnapshot) {
        draw(snapshot, above: nil)
        drawnLines = 0
    }

    /// The frame as text lines (tests read it).
    func frame(_ snapshot: ProgressSnapshot, now: Date = Date()) -> [String] {
        let finished = snapshot.done + snapshot.failed + snapshot.skipped
        let barWidth = 30
        let filled = snapshot.total == 0 ? barWidth : barWidth * finished / snapshot.total
        let bar = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled) + "]"
        return ([bar + " " + snapshot.countsLine] + snapshot.deviceLines(now: now)).map(clip)
    }

    private func draw(_ snapshot: ProgressSnapshot, above: String?) {
        // Move up over the previous frame and clear it; then print scrolled text and the frame.
        var text = drawnLines > 0 ? "\u{1B}[\(drawnLines)F\u{1B}[J" : ""
        if let above { text += clip(above) + "\n" }
        let lines = frame(snapshot)
        text += lines.joined(separator: "\n") + "\n"
        drawnLines = lines.count
        write(text)
    }

    private func clip(_ line: String) -> String {
        line.count <= width ? line : String(line.prefix(width - 1)) + "…"
    }
}
