/// Every problem found in one sweep file, thrown by `SweepSpec.load`/`parse` and `Planner.plan`.
/// `rendered` is what the user sees: `FILE:LINE:COL: error: message`, the line, a caret.
package struct SweepDiagnostics: Error, Sendable, Equatable, CustomStringConvertible {
    package var path: String
    package var source: String
    /// Sorted by position; one per problem.
    package var diagnostics: [Diagnostic]

    package init(path: String, source: String, diagnostics: [Diagnostic]) {
        self.path = path
        self.source = source
        self.diagnostics = diagnostics.sorted { $0.location < $1.location }
    }

    package var description: String { rendered }

    /// The most characters of a source line echoed under its error: a longer line (a list of a
    /// million values on one line) shows this much around the column, cut ends marked with "…".
    package static let maxEchoedLine = 200

    package var rendered: String {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        var out = ""
        // Diagnostics come sorted, so those on one (perhaps very long) line read it once.
        var lineScalars: (line: Int, scalars: [Unicode.Scalar]) = (0, [])
        for d in diagnostics {
            out += "\(path):\(d.location.line):\(d.location.column): error: \(d.message)\n"
            // Nothing to point at in a file that could not be read or holds nothing.
            guard !source.isEmpty, d.location.line >= 1, d.location.line <= lines.count else { continue }
            if lineScalars.line != d.location.line {
                lineScalars = (d.location.line, Array(lines[d.location.line - 1].unicodeScalars))
                if lineScalars.scalars.last == "\r" { lineScalars.scalars.removeLast() }
            }
            var text = lineScalars.scalars
            var column = max(0, d.location.column - 1)
            var (head, tail) = ("", "")
            if text.count > Self.maxEchoedLine {
                let start = max(0, min(column - Self.maxEchoedLine / 2, text.count - Self.maxEchoedLine))
                let end = start + Self.maxEchoedLine
                if start > 0 { head = "…" }
                if end < text.count { tail = "…" }
                text = Array(text[start..<end])
                column = column - start + head.unicodeScalars.count
            }
            out += head + String(String.UnicodeScalarView(text)) + tail + "\n"
            // Keep tabs so the caret lines up under tab-indented text.
            let prefix = (Array(head.unicodeScalars) + text).prefix(column)
            out += String(String.UnicodeScalarView(prefix.map { $0 == "\t" ? "\t" : " " })) + "^\n"
        }
        return out
    }
}
