import SweepKit

/// The plain table that ends `blocksweep run` until the report takes its place: counts, then
/// every job that did not finish with its reason.
package enum RunSummary {
    package static func render(plan: Plan, outcome: RunOutcome, folder: ResultsFolder) -> String {
        var lines = [
            "\(plan.name): \(outcome.done) done, \(outcome.failed) failed, \(outcome.skipped) skipped"
                + (outcome.notRun > 0 ? ", \(outcome.notRun) not run" : "") + " of \(outcome.totalText)"
        ]
        if !outcome.problems.isEmpty {
            let idWidth = outcome.problems.map(\.id.count).max() ?? 2
            lines.append(
                "  " + "state".padding(toLength: 8, withPad: " ", startingAt: 0)
                    + "job".padding(toLength: idWidth + 2, withPad: " ", startingAt: 0) + "reason")
            for p in outcome.problems {
                lines.append(
                    "  " + p.event.padding(toLength: 8, withPad: " ", startingAt: 0)
                        + p.id.padding(toLength: idWidth + 2, withPad: " ", startingAt: 0) + "\(p.label): \(p.reason)")
            }
            lines.append("Logs: \(folder.path)/jobs/<job>/stderr.log")
        }
        lines.append("Results: \(folder.path)")
        return lines.joined(separator: "\n") + "\n"
    }
}
