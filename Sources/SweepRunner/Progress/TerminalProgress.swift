import CSweepSupport
import Foundation

/// The live view on a terminal: a bar with the counts, elapsed time and ETA, a line per
/// device, redrawn in place; failures and skips scroll above it so they stay readable.
package final class TerminalProgress: ProgressSink {
    private let write: (String) -> Void
    private var drawnLines = 0
    private let fixedWidth: Int?

    /// - Parameter width: columns to draw in; nil reads the terminal's width at every redraw
    ///   (a line longer than the terminal would wrap, and redrawing in place would then
    ///   overwrite the wrong lines).
    package init(width: Int? = nil, write: @escaping (String) -> Void = { ConsoleOutput.out($0) }) {
        fixedWidth = width
        self.write = write
    }

    private var width: Int {
        if let fixedWidth { return fixedWidth }
        let columns = Int(sweep_terminal_columns(STDOUT_FILENO))
        return columns > 0 ? max(20, columns) : 80
    }

    package var showsSteps: Bool { true }
    package var tickInterval: Double? { 0.5 }

    package func event(_ event: ProgressEvent, _ snapshot: ProgressSnapshot) {
        var above: String?
        switch event.kind {
        case .failed, .retrying, .skipped, .adopted, .stoppedEarly:
            above = "\(event.kind.rawValue) \(event.jobID) \(event.label)" + (event.reason.map { ": \($0)" } ?? "")
        case .started, .done, .interrupted:
            above = nil
        }
        draw(snapshot, above: above)
    }

    package func tick(_ snapshot: ProgressSnapshot) { draw(snapshot, above: nil) }

    package func finish(_ snapshot: ProgressSnapshot) {
        draw(snapshot, above: nil)
        drawnLines = 0
    }

    /// The frame as text lines (tests read it).
    func frame(_ snapshot: ProgressSnapshot, now: Date = Date()) -> [String] {
        let finished = snapshot.ended
        let counts = snapshot.countsLine
        // The bar shrinks, then goes, on a narrow terminal, so the counts and the ETA stay whole.
        // Its room is reckoned as if the ETA were shown, so it keeps its length at the end.
        let etaRoom = snapshot.queued + snapshot.running.count > 0 ? 0 : " · ETA 00m00s".count
        let barWidth = min(30, width - 4 - counts.count - etaRoom)
        var top = counts
        if barWidth >= 5 {
            let filled = snapshot.total == 0 ? barWidth : barWidth * finished / snapshot.total
            top =
                "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled) + "] "
                + counts
        }
        return ([top] + snapshot.deviceLines(now: now)).map(clip)
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
