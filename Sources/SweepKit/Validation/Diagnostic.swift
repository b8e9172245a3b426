/// One problem in a sweep file.
package struct Diagnostic: Sendable, Equatable {
    package var location: SourceLocation
    package var message: String

    package init(_ message: String, at location: SourceLocation) {
        self.location = location
        self.message = message
    }
}
