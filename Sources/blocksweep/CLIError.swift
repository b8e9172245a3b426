import SweepKit
import Vocabulary

/// A failure to report and exit on, with its code from ExitCodes (2, bad input, unless said).
struct CLIError: Error {
    /// Printed to stderr as is.
    let text: String
    var exitCode: Int32 = 2

    init(message: String, exitCode: Int32 = ExitCodes.badInput) {
        text = "error: \(message)\n"
        self.exitCode = exitCode
    }

    /// Every problem of a sweep file, each as `FILE:LINE:COL: error: …` with its line and caret.
    init(_ diagnostics: SweepDiagnostics) {
        text = diagnostics.rendered + "\(diagnostics.diagnostics.count.counted("error")) in \(diagnostics.path)\n"
    }
}
