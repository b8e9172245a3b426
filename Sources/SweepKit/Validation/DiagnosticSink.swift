/// Collects diagnostics while a sweep file is read, so that all of them are reported at once.
struct DiagnosticSink: Error {
    private(set) var items: [Diagnostic] = []

    var isEmpty: Bool { items.isEmpty }

    mutating func error(_ message: String, at location: SourceLocation) {
        let d = Diagnostic(message, at: location)
        if !items.contains(d) { items.append(d) }
    }
}
