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

    package var rendered: String {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        var out = ""
        for d in diagnostics {
            out += "\(path):\(d.location.line):\(d.location.column): error: \(d.message)\n"
            // Nothing to point at in a file that could not be read or holds nothing.
            guard !source.isEmpty, d.location.line >= 1, d.location.line <= lines.count else { continue }
            var text = String(lines[d.location.line - 1])
            if text.hasSuffix("\r") { text.removeLast() }
            out += text + "\n"
            // Keep tabs so the caret lines up under tab-indented text.
            let prefix = text.unicodeScalars.prefix(max(0, d.location.column - 1))
            out += String(String.UnicodeScalarView(prefix.map { $0 == "\t" ? "\t" : " " })) + "^\n"
        }
        return out
    }
}
