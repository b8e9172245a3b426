import ArgumentParser

@main
struct Blocksweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blocksweep",
        abstract: "Hyperparameter sweeps of layer-update schedules, with keep/reject reports.",
        subcommands: [BenchCommand.self, ValidateCommand.self, PlanCommand.self, ReportCommand.self]
    )
}
