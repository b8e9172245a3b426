/// A path the report cannot use; the command prints it and exits 2.
package struct ReportInputError: Error, CustomStringConvertible {
    package var path: String
    package var message: String
    package var description: String { "\(path): \(message)" }
}
