import ArgumentParser
import Foundation
import SweepKit
import SweepRunner
import Vocabulary

/// `blocksweep cancel DIR`: stops a sweep's jobs, in Slurm or on this machine.
struct CancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Stop a sweep: cancel its Slurm jobs (scancel), or end its local runner and jobs.",
        discussion: """
            A runner working on the folder is asked to stop first; then every job still queued or \
            running is ended and journaled as interrupted. Finished results are kept, and running \
            the same `blocksweep run` again resumes the sweep (the cancelled jobs use no retry).
            """ + "\n\n" + ExitCodes.help)

    @Argument(help: ArgumentHelp("The sweep's results folder, e.g. results/quickstart.", valueName: "dir"))
    var folder: String

    func run() throws {
        let summary = try SweepCanceller(folder: ResultsFolder(path: folder), client: SlurmClient.find()).cancel()
        var lines: [String] = []
        if let pid = summary.stoppedRunner { lines.append("stopped the runner working on \(folder) (pid \(pid))") }
        if !summary.slurmTasks.isEmpty {
            let arrays = Set(summary.slurmTasks.map(SlurmTask.arrayID(of:))).sorted()
            lines.append(
                "cancelled \(summary.slurmTasks.count.counted("Slurm task")) (array\(arrays.count == 1 ? "" : "s") "
                    + arrays.joined(separator: ", ") + ")")
        }
        if summary.localJobs > 0 {
            lines.append("ended \(summary.localJobs.counted("job")) left running on this machine")
        }
        if lines.isEmpty {
            lines.append(
                summary.finished
                    ? "nothing to cancel: the sweep finished"
                    : "nothing to cancel: no job of \(folder) is queued or running")
        } else {
            lines.append("Finished results are kept; run the same `blocksweep run` again to resume.")
        }
        print(lines.joined(separator: "\n"))
    }
}
