import ArgumentParser
import Foundation

@main
struct Blocksweep: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blocksweep",
        abstract: "Hyperparameter sweeps of layer-update schedules, with keep/reject reports.",
        discussion: "Exit codes: 0 success; 1 the sweep ran but some jobs failed; 2 bad input or usage.",
        subcommands: [BenchCommand.self, ValidateCommand.self, PlanCommand.self, RunCommand.self, StatusCommand.self,
                      ReportCommand.self]
    )

    /// Runs the chosen subcommand and maps every way out to the documented exit codes:
    /// user mistakes print a clear message and exit 2, never a crash trace.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as CLIError {
            FileHandle.standardError.write(Data(error.text.utf8))
            Foundation.exit(error.exitCode)
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            // Help and version requests come here too, with exit code 0.
            if exitCode(for: error) == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}
