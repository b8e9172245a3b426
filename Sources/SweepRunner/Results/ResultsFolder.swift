import Foundation
import SweepKit

/// The layout of results/<name>/: sweep.yaml, plan.json, journal.jsonl, run.lock and
/// jobs/<id>/{result.json, stdout.log, stderr.log}.
public struct ResultsFolder: Sendable, Equatable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public var sweepCopy: String { path + "/sweep.yaml" }
    public var planFile: String { path + "/plan.json" }
    public var journal: String { path + "/journal.jsonl" }
    public func jobFolder(_ id: String) -> String { path + "/jobs/" + id }
    public func result(_ id: String) -> String { jobFolder(id) + "/result.json" }
    public func stdout(_ id: String) -> String { jobFolder(id) + "/stdout.log" }
    public func stderr(_ id: String) -> String { jobFolder(id) + "/stderr.log" }
    /// Where an attempt writes before its result is checked and renamed to result.json. One name
    /// per attempt, so a process a crashed runner left behind cannot spoil a later attempt.
    public func partialResult(_ id: String, attempt: Int) -> String {
        jobFolder(id) + "/result.attempt-\(attempt).json"
    }

    /// Creates the folder and writes the plan and the sweep file's copy (both replaced
    /// atomically: after the sweep file is edited they describe the new plan).
    public func prepare(plan: Plan, sweepSource: String?) throws(SweepRunError) {
        do {
            try FileManager.default.createDirectory(atPath: path + "/jobs", withIntermediateDirectories: true)
        } catch {
            throw .system("cannot create \(path)/jobs: \(error.localizedDescription)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do { data = try encoder.encode(plan) } catch { throw .system("cannot encode the plan: \(error)") }
        try AtomicFile.write(data, to: planFile)
        if let sweepSource { try AtomicFile.write(Data(sweepSource.utf8), to: sweepCopy) }
    }

    public func readPlan() throws(SweepRunError) -> Plan {
        guard let data = FileManager.default.contents(atPath: planFile) else {
            throw .badInput("\(path): no plan.json here; is it a results folder of `blocksweep run`?")
        }
        do { return try JSONDecoder().decode(Plan.self, from: data) } catch {
            throw .badInput("\(planFile): not a plan written by blocksweep (\(error))")
        }
    }
}
