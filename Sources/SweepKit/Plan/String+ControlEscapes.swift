extension String {
    /// Control characters (newline, tab, escape, …) written as escapes (`\n`, `\t`, `\u{1B}`),
    /// so a value from a sweep file stays on its one line of a table or a progress line.
    package var escapingControlCharacters: String {
        unicodeScalars.map { $0.properties.generalCategory == .control ? $0.escaped(asASCII: true) : String($0) }
            .joined()
    }
}
