import Foundation
import SweepKit
import Testing
import Vocabulary

@testable import SweepRunner

/// writeReport over a results folder as the executor leaves it: plan.json, journal.jsonl and
/// one result.json per finished job (builtin runner: one schedule per file).
@Suite(.timeLimit(.minutes(10)))
struct ReportWriterTests {
    static func result(_ schedule: Schedule, seed: Int, ms: Double, val: Double, minActive: Int = 4) -> BenchReport {
        var c = BenchConfig()
        c.seed = seed
        c.dynMinActiveLayers = minActive
        var r = ScheduleResult(schedule: schedule, notes: "")
        r.meanStepMs = ms
        r.finalValLoss = val
        r.trainLossEnd = val
        r.stepsExecuted = 20
        r.activeLayersMean = schedule == .fullUpdate ? 18 : 13
        r.probeStepCount = schedule == .dynamicSuffix ? 3 : 0
        let trace = ScheduleTrace(
            stepTimesMs: Array(repeating: ms, count: 20),
            trainLosses: (0..<20).map { 1.0 / Double($0 + 1) },
            activeLayersHist: (0..<20).map { schedule == .fullUpdate || $0 % 5 == 0 ? 18 : 13 })
        return BenchReport(
            script: "blocksweep bench", timestampUTC: "2026-01-01T00:00:00Z",
            config: ConfigRecord(settings: c, resolvedDevice: "cpu", dtypeEffective: "float32"),
            system: SystemInfo(engine: "blocksweep", blasThreads: 1, cpuModel: "Test CPU"),
            results: [r], traces: [schedule: trace])
    }

    static func makeFolder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "blocksweep-results-\(UUID().uuidString)")
        let fm = FileManager.default
        var jobs: [Job] = []
        var journal: [JournalEntry] = []
        func add(
            _ id: String, _ schedule: Schedule, seed: Int, _ report: BenchReport?, event: JournalEntry.Event = .done,
            reason: String? = nil
        ) throws {
            jobs.append(Job(id: id, schedule: schedule, seed: seed, params: [:]))
            journal.append(JournalEntry(time: "t", job: id, event: .started, attempt: 1, device: "cpu:0"))
            journal.append(
                JournalEntry(
                    time: "t", job: id, event: event, attempt: 1, device: "cpu:0", reason: reason,
                    final: event == .failed ? true : nil))
            guard let report else { return }
            let jobDir = dir.appendingPathComponent("jobs/\(id)")
            try fm.createDirectory(at: jobDir, withIntermediateDirectories: true)
            try report.jsonData().write(to: jobDir.appendingPathComponent("result.json"))
        }
        for seed in [1, 2] {
            try add("full-\(seed)", .fullUpdate, seed: seed, result(.fullUpdate, seed: seed, ms: 10, val: 0.1))
            try add(
                "dyn-\(seed)", .dynamicSuffix, seed: seed,
                result(.dynamicSuffix, seed: seed, ms: 8 + Double(seed) * 0.1, val: 0.1005))
        }
        try add(
            "dyn-failed", .dynamicSuffix, seed: 1, nil, event: .failed, reason: "exit status 137 (killed: timeout 600s)"
        )
        try add("dyn-skipped", .dynamicSuffix, seed: 2, nil, event: .skipped, reason: "its baseline full-9 failed")
        // A torn result (killed mid-write) is reported, not fatal.
        jobs.append(Job(id: "dyn-torn", schedule: .dynamicSuffix, seed: 3, params: [:]))
        try fm.createDirectory(at: dir.appendingPathComponent("jobs/dyn-torn"), withIntermediateDirectories: true)
        try Data("{\"config\": {".utf8).write(to: dir.appendingPathComponent("jobs/dyn-torn/result.json"))
        jobs.append(Job(id: "dyn-pending", schedule: .dynamicSuffix, seed: 4, params: [:]))

        let plan = Plan(name: "tiny", jobs: jobs)
        try JSONEncoder().encode(plan).write(to: dir.appendingPathComponent("plan.json"))
        let encoder = JSONEncoder()
        var lines = try journal.map { String(decoding: try encoder.encode($0), as: UTF8.self) }.joined(separator: "\n")
        lines += "\n{\"time\": \"t\", \"job\": \"dyn-pen"  // torn last line
        try Data(lines.utf8).write(to: dir.appendingPathComponent("journal.jsonl"))
        return dir
    }

    /// A report that cannot be written names the file and the system's reason in one line,
    /// not Foundation's "Error Domain=NSCocoaErrorDomain Code=…" dump (the run prints it).
    @Test func aReportThatCannotBeWrittenSaysWhichFileAndWhy() throws {
        let dir = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A folder where report.md goes: the rename onto it fails, even for root.
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("report.md/x"), withIntermediateDirectories: true)
        let error = #expect(throws: SweepRunError.self) { try writeReport(resultsDir: dir.path, rules: Rules()) }
        let text = try #require(error).description
        #expect(text == "cannot write \(dir.path)/report.md: Is a directory", "\(text)")
        #expect(!text.contains("Domain="), "\(text)")
    }

    @Test func writesReportJSONAndFigures() throws {
        let dir = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let summary = try writeReport(resultsDir: dir.path, rules: Rules())
        #expect(summary.hasPrefix("report: 1 keep, 0 inconclusive, 0 reject; best kept"))
        #expect(summary.contains("4 jobs without a result"))
        let md = try String(contentsOf: dir.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(md.hasPrefix("# Sweep report: tiny\n"))
        #expect(
            md.contains("| dyn-failed | dynamic_suffix | 1 | failed | 1 | exit status 137 (killed: timeout 600s) |"))
        #expect(md.contains("| dyn-skipped | dynamic_suffix | 2 | skipped | 1 | its baseline full-9 failed |"))
        #expect(
            md.contains("| dyn-torn | dynamic_suffix | 3 | unreadable | 0 | result.json is not a JSON object; the next")
        )
        #expect(md.contains("| dyn-pending | dynamic_suffix | 4 | pending | 0 | not started |"))
        for file in ["speedup-vs-val-loss.svg", "train-loss.svg", "active-layers.svg"] {
            let svg = try String(contentsOf: dir.appendingPathComponent("figures/\(file)"), encoding: .utf8)
            #expect(svg.hasPrefix("<svg ") && svg.hasSuffix("</svg>\n"))
            #expect(md.contains("(figures/\(file))"))
        }
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("report.json")))
                as? [String: Any])
        #expect((json["failed"] as? [Any])?.count == 4)
        let row = try #require((json["rows"] as? [[String: Any]])?.first)
        #expect(row["repeats"] as? Int == 2 && row["verdict"] as? String == "keep")
    }

    @Test func readsAResultsFolderWithoutAPlan() throws {
        let dir = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("plan.json"))
        let loaded = try ResultsLoader.load([dir.path])
        #expect(loaded.input.runs.count == 4)
        #expect(Set(loaded.input.unfinished.map(\.id)) == ["dyn-failed", "dyn-skipped", "dyn-torn"])
    }

    @Test func readsAFolderOfLooseResultFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("blocksweep-loose-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.result(.fullUpdate, seed: 1, ms: 10, val: 0.1).jsonData().write(
            to: dir.appendingPathComponent("a.json"))
        try Self.result(.dynamicSuffix, seed: 1, ms: 8, val: 0.1).jsonData().write(
            to: dir.appendingPathComponent("b.json"))
        let (report, _) = try ReportWriter.build(paths: [dir.path], rules: nil)
        #expect(report.ranked.first?.speedup?.mean == 1.25)
    }
}
