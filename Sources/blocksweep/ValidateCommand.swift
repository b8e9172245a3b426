import ArgumentParser
import Foundation
import SweepKit

/// `blocksweep validate FILE`: every problem in the sweep file at once; exit 0 or 2.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a sweep file and report every problem in it.",
        discussion:
            "Prints FILE:LINE:COL: error: lines, each with the line and a caret. Exit 0 when the file is valid, 2 otherwise. Writes nothing."
    )

    @Argument(help: "The sweep file (YAML).")
    var file: String

    @Option(name: .long, help: "Most jobs the sweep may expand to.")
    var maxJobs: Int = Planner.defaultMaxJobs

    func run() throws {
        // Validity includes a non-empty expansion within the job limit.
        let (_, expansion) = try SweepFileInput.expand(file, maxJobs: maxJobs)
        let calibrations = expansion.plan.calibrations.count
        print(
            "\(file): ok: \(expansion.plan.jobs.count.counted("job")) from \(expansion.keptPoints.counted("point"))"
                + (calibrations > 0 ? ", and \(calibrations.counted("calibration"))" : "")
                + (expansion.plan.dropped > 0 ? " (\(expansion.plan.dropped) dropped by where)" : ""))
    }
}
