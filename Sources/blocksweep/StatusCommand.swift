import ArgumentParser
import Foundation
import SweepKit
import SweepRunner

/// `blocksweep status DIR`: progress of a running or finished sweep.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show how far a sweep has come: counts, running jobs, failures.",
        discussion: """
            For a Slurm sweep no runner watches (--detach, or its runner died), status first asks \
            Slurm how its jobs stand and records what ended; once every job has ended it writes the \
            report too.
            """)

    @Argument(help: ArgumentHelp("The sweep's results folder, e.g. results/quickstart.", valueName: "dir"))
    var folder: String

    func run() throws {
        let results = ResultsFolder(path: folder)
        let report = try collectFromSlurm(results)
        print(try SweepStatus.read(folder: results).render(), terminator: "")
        if let report { print(report) }
    }

    /// A Slurm sweep with no runner attached: record what Slurm says, and write the report
    /// once every job has ended. Returns the report lines, or nil when there is nothing to say.
    private func collectFromSlurm(_ results: ResultsFolder) throws -> String? {
        let plan = try results.readPlan()
        guard case .slurm(let settings) = plan.execution.backend, !RunLock.isHeld(folder: results.path) else {
            return nil
        }
        guard let client = SlurmClient.find() else {
            return "note: sbatch and squeue are not on PATH here: the states above are as last recorded"
        }
        var options = SlurmRunOptions()
        options.collectOnly = true
        let runner = try RunnerSelection.runner(for: plan, blocksweepPath: RunCommand.ownExecutable())
        let outcome: RunOutcome
        do {
            outcome = try SlurmExecutor(
                plan: plan, folder: results, runner: runner, client: client, settings: settings, options: options
            ).run()
        } catch .locked {
            return nil  // a runner attached meanwhile: it records
        }
        guard outcome.notRun == 0, !Self.reportIsCurrent(results) else { return nil }
        return try writeReport(resultsDir: results.path, rules: plan.rules)
    }

    /// report.md is newer than the journal's last entry: nothing ended since it was written.
    private static func reportIsCurrent(_ results: ResultsFolder) -> Bool {
        func modified(_ path: String) -> Date? {
            (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        }
        guard let report = modified(results.path + "/report.md"), let journal = modified(results.journal) else {
            return false
        }
        return report >= journal
    }
}
