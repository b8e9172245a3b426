import SweepKit

/// A failure to report and exit on: 2 for bad input, 1 when a sweep ran but jobs failed.
struct CLIError: Error {
    /// Printed to stderr as is.
    let text: String
    var exitCode: Int32 = 2

    init(message: String, exitCode: Int32 = 2) {
        text = "error: \(message)\n"
        self.exitCode = exitCode
    }

    /// Every problem of a sweep file, each as `FILE:LINE:COL: error: …` with its line and caret.
    init(_ diagnostics: SweepDiagnostics) {
        let count = diagnostics.diagnostics.count
        text = diagnostics.rendered + "\(count) error\(count == 1 ? "" : "s") in \(diagnostics.path)\n"
    }
}
