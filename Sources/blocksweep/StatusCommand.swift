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
            status only reads, with one exception: a Slurm sweep no runner watches (--detach, or \
            its runner died). There it first asks Slurm how its jobs stand and writes what ended \
            into the journal, deletes the fork snapshots no job still needs, and once every job \
            has ended writes the report. With adaptive seeds (seeds: {initial, max}), a sweep whose jobs have all \
            ended but whose rows still await more seeds is not finished: status says how many rows \
            wait and the command that goes on (it judges the round and submits the next seeds).
            """)

    @Argument(help: ArgumentHelp("The sweep's results folder, e.g. results/quickstart.", valueName: "dir"))
    var folder: String

    func run() throws {
        let results = ResultsFolder(path: folder)
        let plan = try results.readPlan()
        let note = try collectFromSlurm(results, plan: plan)
        let status = try SweepStatus.read(folder: results)
        print(status.render(), terminator: "")
        if let note { print(note) }
        // A Slurm sweep no runner watches gets its report here once every job has ended, and
        // every row has the seeds it gets (adaptive seeds: no round is still to come).
        let snapshot = status.snapshot
        if plan.execution.backend != .local, !status.live, status.awaitingSeeds == 0,
            snapshot.ended == snapshot.total, !Self.reportIsCurrent(results)
        {
            print(try writeReport(resultsDir: results.path, rules: plan.rules))
        }
    }

    /// A Slurm sweep with no runner attached: record what Slurm says. Returns a note when
    /// Slurm cannot be asked from here.
    private func collectFromSlurm(_ results: ResultsFolder, plan: Plan) throws -> String? {
        guard case .slurm(let settings) = plan.execution.backend, !RunLock.isHeld(folder: results.path) else {
            return nil
        }
        guard let client = SlurmClient.find() else {
            return "note: sbatch and squeue are not on PATH here: the states above are as last recorded"
        }
        var options = SlurmRunOptions()
        options.collectOnly = true
        let runner = try RunnerSelection.runner(for: plan, blocksweepPath: RunCommand.ownExecutable())
        do {
            _ = try SlurmExecutor(
                plan: plan, folder: results, runner: runner, client: client, settings: settings, options: options
            ).run()
        } catch .locked {
            return nil  // a runner attached meanwhile: it records
        }
        return nil
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
