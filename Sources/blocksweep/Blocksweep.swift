import ArgumentParser
import Foundation
import SweepRunner
import Vocabulary

@main
struct Blocksweep: AsyncParsableCommand {
    /// What `--version` prints; CHANGELOG.md names it in a heading. Bump both together.
    static let version = "0.5.0-dev"

    static let configuration = CommandConfiguration(
        commandName: "blocksweep",
        abstract: "Hyperparameter sweeps of layer-update schedules, with keep/reject reports.",
        discussion: ExitCodes.help,
        version: version,
        subcommands: [
            BenchCommand.self, CalibrateCommand.self, ValidateCommand.self, PlanCommand.self, RunCommand.self,
            StatusCommand.self,
            ReportCommand.self, CancelCommand.self, SlurmTaskCommand.self
        ]
    )

    /// Runs the chosen subcommand; every way out goes through ExitReport to the documented exit
    /// codes (ExitCodes): user mistakes print a clear message and exit 2, never a crash trace.
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
        } catch {
            let report = ExitReport(for: error)
            if report.toStandardOutput { print(report.text, terminator: "") } else { ConsoleOutput.err(report.text) }
            Foundation.exit(report.exitCode)
        }
    }
}
