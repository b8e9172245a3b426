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
