import ArgumentParser
import Foundation
import SweepRunner

/// `blocksweep slurm-task FOLDER TABLE`: the launcher each Slurm array task runs (hidden: the
/// Slurm backend writes this command line, users never do).
struct SlurmTaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm-task",
        abstract: "Run one job of a sweep inside a Slurm array task (the Slurm backend's launcher).",
        shouldDisplay: false)

    @Argument(help: ArgumentHelp("The sweep's results folder (on a filesystem the nodes share).", valueName: "dir"))
    var folder: String

    @Argument(help: ArgumentHelp("The array's task table (slurm/<submission>.tasks).", valueName: "table"))
    var table: String

    func run() throws {
        let launcher = SlurmTaskLauncher(
            folder: ResultsFolder(path: folder), tablePath: table, blocksweepPath: RunCommand.ownExecutable(),
            environment: ProcessInfo.processInfo.environment)
        let status = try launcher.run()
        throw ExitCode(status)
    }
}
