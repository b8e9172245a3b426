import Foundation
import SweepKit
import Vocabulary

/// The layout of results/<name>/: sweep.yaml (the latest sweep file run here), sweeps/ (every
/// version run here), plan.json, journal.jsonl, run.lock and
/// jobs/<id>/{result.json, stdout.log, stderr.log}, calibration/<id>.json (builtin runner).
package struct ResultsFolder: Sendable, Equatable {
    package let path: String

    package init(path: String) {
        self.path = path
    }

    package var sweepCopy: String { path + "/sweep.yaml" }
    /// sweeps/<UTC time first run>-<content hash>.yaml: each version of the sweep file once.
    package var sweepHistory: String { path + "/sweeps" }
    package var planFile: String { path + "/plan.json" }
    package var journal: String { path + "/journal.jsonl" }
    /// Adaptive seeds: the jobs added during runs, so a resumed run plans them again.
    package var addedJobsFile: String { path + "/added-jobs.json" }
    package func jobFolder(_ id: String) -> String { path + "/jobs/" + id }
    /// A calibration job's result lives in calibration/<id>.json, beside the jobs it prices.
    package func result(_ id: String) -> String {
        id.hasPrefix(Job.calibrationPrefix + "-")
            ? calibrationFolder + "/" + id + ".json" : jobFolder(id) + "/result.json"
    }
    package var calibrationFolder: String { path + "/calibration" }
    package func stdout(_ id: String) -> String { jobFolder(id) + "/stdout.log" }
    /// The job's progress file: one line per step, appended as it runs (StepRecord).
    package func progress(_ id: String) -> String { jobFolder(id) + "/" + StepRecord.fileName }
    package func stderr(_ id: String) -> String { jobFolder(id) + "/stderr.log" }
    /// Once an attempt has ended: its stdout.log and stderr.log keep their first and last MiB.
    package func capLogs(_ id: String) {
        LogCap.apply(stdout(id))
        LogCap.apply(stderr(id))
    }
    /// Where an attempt writes before its result is checked and renamed to result.json. One name
    /// per attempt, so a process a crashed runner left behind cannot spoil a later attempt.
    package func partialResult(_ id: String, attempt: Int) -> String {
        jobFolder(id) + "/result.attempt-\(attempt).json"
    }

    /// Creates the folder and writes the plan and the sweep file's copy (both replaced
    /// atomically: after the sweep file is edited they describe the new plan). Every version of
    /// the sweep file stays in sweeps/. A folder holding another sweep's results, or results of
    /// another runner, is refused before anything is written: they must not mix.
    package func prepare(plan: Plan, sweepSource: String?) throws(SweepRunError) {
        try checkBelongs(plan)
        do {
            try FileManager.default.createDirectory(atPath: path + "/jobs", withIntermediateDirectories: true)
            if !plan.calibrations.isEmpty {
                try FileManager.default.createDirectory(atPath: calibrationFolder, withIntermediateDirectories: true)
            }
        } catch {
            throw .system("cannot create \(path)/jobs: \(error.localizedDescription)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do { data = try encoder.encode(plan) } catch { throw .system("cannot encode the plan: \(error)") }
        try AtomicFile.write(data, to: planFile)
        if let sweepSource {
            // A folder from before sweeps/ existed: its copy is history too.
            if let earlier = FileManager.default.contents(atPath: sweepCopy) {
                let modified =
                    (try? FileManager.default.attributesOfItem(atPath: sweepCopy))?[.modificationDate] as? Date
                try keepInHistory(String(decoding: earlier, as: UTF8.self), firstRun: modified ?? Date())
            }
            try keepInHistory(sweepSource, firstRun: Date())
            try AtomicFile.write(Data(sweepSource.utf8), to: sweepCopy)
        }
    }

    /// Refuses a folder whose plan.json is another sweep's, or another runner's.
    func checkBelongs(_ plan: Plan) throws(SweepRunError) {
        guard FileManager.default.fileExists(atPath: planFile) else { return }
        let elsewhere = "give this sweep its own folder with `--results DIR` (or another `name`)"
        let earlier: Plan
        do { earlier = try readPlan() } catch {
            throw .badInput("\(error.description); \(elsewhere), or move \(path) away")
        }
        if earlier.name != plan.name {
            throw .badInput("\(path) holds the results of sweep '\(earlier.name)', not '\(plan.name)'; \(elsewhere)")
        }
        if earlier.runner != plan.runner {
            throw .badInput(
                "\(path) holds results of \(Self.describe(earlier.runner)), but this sweep's runner is "
                    + "\(Self.describe(plan.runner)); results of different runners must not mix in one folder: \(elsewhere)"
            )
        }
    }

    /// Writes sweeps/<time>-<hash>.yaml unless that version is there already.
    private func keepInHistory(_ source: String, firstRun: Date) throws(SweepRunError) {
        var hash = FNV128()
        hash.add(source)
        let suffix = "-" + hash.hex(digits: 16) + ".yaml"
        try FileManager.default.createDirectoryIfNeeded(sweepHistory)
        let kept = (try? FileManager.default.contentsOfDirectory(atPath: sweepHistory)) ?? []
        guard !kept.contains(where: { $0.hasSuffix(suffix) }) else { return }
        // 20261125T131500Z: sorts by time, and holds no character a file name may not.
        let time = Journal.timestamp(firstRun).filter { $0 != "-" && $0 != ":" }
        try AtomicFile.write(Data(source.utf8), to: sweepHistory + "/" + time + suffix)
    }

    static func describe(_ runner: RunnerSpec) -> String {
        switch runner {
        case .builtin: return "runner builtin"
        case .torch: return "runner torch"
        case .command(let argv): return "runner command " + argv.map { "'\($0)'" }.joined(separator: " ")
        }
    }

    package func readPlan() throws(SweepRunError) -> Plan {
        guard let data = FileManager.default.contents(atPath: planFile) else {
            throw .badInput("\(path): no plan.json here; is it a results folder of `blocksweep run`?")
        }
        do { return try JSONDecoder().decode(Plan.self, from: data) } catch {
            throw .badInput("\(planFile): not a plan written by blocksweep (\(error))")
        }
    }
}
