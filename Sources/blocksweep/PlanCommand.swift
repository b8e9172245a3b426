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
            "The table shows jobs per schedule, what the where conditions dropped and an estimated compute cost; --format json prints every job with its id, schedule, seed, params and depends_on. The time estimate reads the step costs the sweep's calibrations measured when DIR/<name>/calibration/ holds them (an earlier run), and says when it is a guess from typical rates. When that folder holds results priced by other prices than its calibrations hold now (a calibration deleted or damaged, another execution.threads), it says which `run` would rerun and why."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @Argument(help: "The sweep file (YAML).")
    var file: String

    @Option(name: .long, help: "table or json.")
    var format: Format = .table

    @Option(name: .long, help: "Most jobs the sweep may expand to.")
    var maxJobs: Int = Planner.defaultMaxJobs

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Folder that holds the sweep's results folder, as for run: its calibrations price the estimate.",
            valueName: "dir"))
    var results: String = "results"

    func run() throws {
        let (spec, expansion) = try SweepFileInput.expand(file, maxJobs: maxJobs)
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            ConsoleOutput.out(String(decoding: try encoder.encode(expansion.plan), as: UTF8.self) + "\n")
        case .table:
            let plan = expansion.plan
            let folder = ResultsFolder(path: (results as NSString).appendingPathComponent(plan.name))
            let text = PlanTable.render(
                expansion, spec: spec, measured: PlanCostInputs.measuredStepCosts(plan, folder: folder),
                torchDevice: PlanCostInputs.torchDevice(plan, machine: { MachineDevices.discover() }))
            print(text, terminator: "")
            // What a calibration change would rerun in that folder, as `run` will say it.
            let reruns = PricingCheck.preview(plan, folder: folder)
            if !reruns.isEmpty {
                print("\nrun in \(folder.path) now: " + reruns.joined(separator: "\n  "))
            }
        }
    }
}
