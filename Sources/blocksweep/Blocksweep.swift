import ArgumentParser
import Foundation

@main
struct Blocksweep: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blocksweep",
        abstract: "Hyperparameter sweeps of layer-update schedules, with keep/reject reports.",
        discussion: "Exit codes: 0 success; 1 the sweep ran but some jobs failed; 2 bad input or usage.",
        subcommands: [BenchCommand.self, ValidateCommand.self, PlanCommand.self, RunCommand.self, StatusCommand.self]
    )

    /// Runs the chosen subcommand and maps every way out to the documented exit codes:
    /// user mistakes print one clear message and exit 2, never a crash trace.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as CLIError {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            Foundation.exit(error.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success || code == .validationFailure && isHelp(error) {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            if let exit = error as? ExitCode { Foundation.exit(exit.rawValue) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }

    private static func isHelp(_ error: any Error) -> Bool {
        exitCode(for: error) == .success
    }
}

/// A failure to report in one line with its exit code (2: bad input, 1: jobs failed).
struct CLIError: Error {
    let message: String
    var exitCode: Int32 = 2
}
