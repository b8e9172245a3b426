import ArgumentParser
import BlockBench
import SweepKit
import SweepRunner
import Vocabulary

/// The one place an error becomes what the user sees: its message and the exit code of the
/// table in ExitCodes. Each layer throws the error type that describes it (SweepDiagnostics,
/// SweepRunError, ReportInputError, BenchCommandLine.ParseError, CLIError, ArgumentParser's);
/// commands let them through and add context only where they know more.
struct ExitReport {
    /// What to print, as is (empty for none).
    var text: String
    var exitCode: Int32
    /// Help and version requests are answers, not errors: they go to stdout.
    var toStandardOutput = false

    init(for error: any Error) {
        switch error {
        case let e as CLIError:
            (text, exitCode) = (e.text, e.exitCode)
        case let e as SweepDiagnostics:
            let rendered = CLIError(e)
            (text, exitCode) = (rendered.text, rendered.exitCode)
        case let e as SweepRunError:
            // 1 is kept for "the sweep ran and some jobs did not succeed".
            switch e {
            case .badInput: (text, exitCode) = ("error: \(e)\n", ExitCodes.badInput)
            case .locked: (text, exitCode) = ("error: \(e)\n", ExitCodes.folderInUse)
            case .system: (text, exitCode) = ("error: \(e)\n", ExitCodes.systemFailure)
            }
        case let e as ReportInputError:
            (text, exitCode) = ("error: \(e)\n", ExitCodes.badInput)
        case let e as BenchCommandLine.ParseError:
            (text, exitCode) = ("error: \(e)\n", ExitCodes.badInput)
        case let e as ExitCode:
            (text, exitCode) = ("", e.rawValue)
        default:
            // ArgumentParser's own: usage mistakes, and help requests with exit code 0.
            if Blocksweep.exitCode(for: error) == .success {
                (text, exitCode, toStandardOutput) = (Blocksweep.fullMessage(for: error) + "\n", 0, true)
            } else {
                (text, exitCode) = (Blocksweep.fullMessage(for: error) + "\n", ExitCodes.badInput)
            }
        }
    }
}
