import ArgumentParser
import Foundation
import SweepKit

/// A user mistake: its message goes to stderr and the process exits 2 (no stack trace).
enum CommandFailure: Error {
    case usage(String)
    case diagnostics(SweepDiagnostics)
}

extension CommandFailure {
    /// Prints the message and returns the exit code to throw.
    var exitCode: ExitCode {
        switch self {
        case .usage(let m): FileHandle.standardError.write(Data("error: \(m)\n".utf8))
        case .diagnostics(let d):
            let count = d.diagnostics.count
            FileHandle.standardError.write(Data((d.rendered + "\(count) error\(count == 1 ? "" : "s") in \(d.path)\n").utf8))
        }
        return ExitCode(2)
    }
}
