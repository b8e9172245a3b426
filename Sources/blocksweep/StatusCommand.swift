import ArgumentParser
import Foundation
import SweepRunner

/// `blocksweep status DIR`: progress of a running or finished sweep.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show how far a sweep has come: counts, running jobs, failures.")

    @Argument(help: ArgumentHelp("The sweep's results folder, e.g. results/quickstart.", valueName: "dir"))
    var folder: String

    func run() throws {
        print(try SweepStatus.read(folder: ResultsFolder(path: folder)).render(), terminator: "")
    }
}
