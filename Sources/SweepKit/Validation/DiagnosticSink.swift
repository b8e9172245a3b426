/// Collects diagnostics while a sweep file is read, so that all of them are reported at once;
/// past `limit` one more says so and the rest are dropped (a list of a million bad values is
/// not a million errors).
struct DiagnosticSink: Error {
    static let limit = 100

    private(set) var items: [Diagnostic] = []

    var isEmpty: Bool { items.isEmpty }

    mutating func error(_ message: String, at location: SourceLocation) {
        let d = Diagnostic(message, at: location)
        guard items.count < Self.limit else {
            if items.count == Self.limit {
                items.append(Diagnostic("more than \(Self.limit) errors; fix these and validate again", at: location))
            }
            return
        }
        if !items.contains(d) { items.append(d) }
    }
}
