/// A place in a sweep file: 1-based line and column (columns count Unicode scalars, as libyaml does).
package struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    package var line: Int
    package var column: Int

    package init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    package static let start = SourceLocation(line: 1, column: 1)

    package var description: String { "\(line):\(column)" }

    package static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

/// One problem in a sweep file.
package struct Diagnostic: Sendable, Equatable {
    package var location: SourceLocation
    package var message: String

    package init(_ message: String, at location: SourceLocation) {
        self.location = location
        self.message = message
    }
}

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

/// Collects diagnostics while a sweep file is read, so that all of them are reported at once.
struct DiagnosticSink: Error {
    private(set) var items: [Diagnostic] = []

    var isEmpty: Bool { items.isEmpty }

    mutating func error(_ message: String, at location: SourceLocation) {
        let d = Diagnostic(message, at: location)
        if !items.contains(d) { items.append(d) }
    }
}
