import ArgumentParser
import Foundation
import SweepRunner

@main
struct Blocksweep: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blocksweep",
        abstract: "Hyperparameter sweeps of layer-update schedules, with keep/reject reports.",
        discussion: ExitCodes.help,
        subcommands: [BenchCommand.self, CalibrateCommand.self, ValidateCommand.self, PlanCommand.self, RunCommand.self, StatusCommand.self,
                      ReportCommand.self]
    )

    /// Runs the chosen subcommand and maps every way out to the documented exit codes
    /// (ExitCodes): user mistakes print a clear message and exit 2, never a crash trace.
    static func main() async {
        // A reader that goes away (`blocksweep run … | head -1`) must not kill a runner: writes
        // then fail with EPIPE, which ConsoleOutput ignores. Jobs get the default back at spawn.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as CLIError {
            ConsoleOutput.err(error.text)
            Foundation.exit(error.exitCode)
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            // Help and version requests come here too, with exit code 0.
            if exitCode(for: error) == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            ConsoleOutput.err(fullMessage(for: error) + "\n")
            Foundation.exit(ExitCodes.badInput)
        }
    }
}
