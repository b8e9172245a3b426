/// A place in a sweep file: 1-based line and column (columns count Unicode scalars, as libyaml does).
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static let start = SourceLocation(line: 1, column: 1)

    public var description: String { "\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

/// One problem in a sweep file.
public struct Diagnostic: Sendable, Equatable {
    public var location: SourceLocation
    public var message: String

    public init(_ message: String, at location: SourceLocation) {
        self.location = location
        self.message = message
    }
}

/// Every problem found in one sweep file, thrown by `SweepSpec.load`/`parse` and `Planner.plan`.
/// `rendered` is what the user sees: `FILE:LINE:COL: error: message`, the line, a caret.
public struct SweepDiagnostics: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var source: String
    /// Sorted by position; one per problem.
    public var diagnostics: [Diagnostic]

    public init(path: String, source: String, diagnostics: [Diagnostic]) {
        self.path = path
        self.source = source
        self.diagnostics = diagnostics.sorted { $0.location < $1.location }
    }

    public var description: String { rendered }

    public var rendered: String {
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
