import ArgumentParser
import Foundation
import SweepKit
import SweepRunner

/// `blocksweep plan FILE [--format table|json] [--max-jobs N]`: the jobs a sweep expands to.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Expand a sweep file into jobs and show them.",
        discussion:
            "The table shows jobs per schedule, what the where conditions dropped and an estimated compute cost; --format json prints every job with its id, schedule, seed, params and depends_on."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @Argument(help: "The sweep file (YAML).")
    var file: String

    @Option(name: .long, help: "table or json.")
    var format: Format = .table

    @Option(name: .long, help: "Most jobs the sweep may expand to.")
    var maxJobs: Int = Planner.defaultMaxJobs

    func run() throws {
        let (spec, expansion) = try SweepFileInput.expand(file, maxJobs: maxJobs)
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            ConsoleOutput.out(String(decoding: try encoder.encode(expansion.plan), as: UTF8.self) + "\n")
        case .table:
            print(PlanTable.render(expansion, spec: spec), terminator: "")
        }
    }
}
