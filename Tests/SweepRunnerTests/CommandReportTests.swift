import BlocksweepTestSupport
import Foundation
import SweepKit
import Testing
import Vocabulary

@testable import SweepRunner

/// The report over a command runner's results folder: rows keep the jobs' own parameters
/// apart, flat metrics get their table, diverged runs are judged.
@Suite(.timeLimit(.minutes(10))) struct CommandReportTests {
    /// A results folder as the executor leaves it for a command runner: plan.json, a journal
    /// and one result.json per job.
    static func folder(runner: RunnerSpec, jobs: [(job: Job, content: Data)], report: ReportSettings? = nil) throws
        -> URL
    {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("blocksweep-cmd-\(UUID().uuidString)")
        var journal: [String] = []
        let encoder = JSONEncoder()
        for (job, content) in jobs {
            let jobDir = dir.appendingPathComponent("jobs/\(job.id)")
            try FileManager.default.createDirectory(at: jobDir, withIntermediateDirectories: true)
            try content.write(to: jobDir.appendingPathComponent("result.json"))
            for event in [JournalEntry.Event.started, .done] {
                let entry = JournalEntry(
                    time: "2026-01-01T00:00:00Z", job: job.id, event: event, attempt: 1, device: "cpu:0")
                journal.append(String(decoding: try encoder.encode(entry), as: UTF8.self))
            }
        }
        let plan = Plan(name: "cmd", jobs: jobs.map(\.job), runner: runner, report: report)
        try encoder.encode(plan).write(to: dir.appendingPathComponent("plan.json"))
        try Data((journal.joined(separator: "\n") + "\n").utf8).write(to: dir.appendingPathComponent("journal.jsonl"))
        return dir
    }

    /// 4 points × 2 seeds through a command are 4 rows of 2, not one row of 8 "repeats".
    @Test func aCommandsOwnParametersKeepRowsApart() throws {
        var jobs: [(job: Job, content: Data)] = []
        for x in 1...4 {
            for seed in [1, 2] {
                // x changes the run in a way the file's config does not record.
                let content = try ReferenceResultFile.data(
                    seed: seed, dynMs: 10 / (1 + 0.1 * Double(x)),
                    dynVal: 0.1 * (1 + 0.01 * Double(x)) + 0.0001 * Double(seed))
                jobs.append((Job(id: "job-\(x)-\(seed)", schedule: nil, seed: seed, params: ["x": .int(x)]), content))
            }
        }
        let runner = RunnerSpec.command(["python", "ref.py", "--x", "{x}", "--seed", "{seed}", "--json-out", "{result}"]
        )
        let dir = try Self.folder(runner: runner, jobs: jobs)
        defer { try? FileManager.default.removeItem(at: dir) }
        let (report, _) = try ReportWriter.build(paths: [dir.path], rules: nil)
        #expect(report.ranked.count == 4)
        #expect(report.ranked.allSatisfy { $0.repeats == 2 && $0.seeds == [1, 2] })
        #expect(Set(report.ranked.map { $0.params["x"] }) == [.int(1), .int(2), .int(3), .int(4)])
        // Pairing within each file still holds: every run has its full_update.
        #expect(report.ranked.allSatisfy { $0.speedup?.count == 2 && $0.valLossIncrease?.count == 2 })
        #expect(report.baselines.filter { $0.schedule == .fullUpdate }.count == 4)
        #expect(report.varyingParams == ["x"])
        let md = MarkdownReport.render(report)
        #expect(md.contains("| x=4 | 2 |") || md.contains("x=4"), "\(md)")
        let json = try JSONReport(report).text()
        #expect(json.contains("\"params\" : {\n        \"x\" : 4"))
    }

    @Test func flatMetricsArePooledPerConfigurationAndSorted() throws {
        var jobs: [(job: Job, content: Data)] = []
        let losses: [Int: [Double]] = [1: [0.50, 0.52], 2: [0.40, 0.44], 3: [0.45, 0.45]]
        for x in 1...3 {
            for (i, seed) in [1, 2].enumerated() {
                let text = "{\"val_loss\": \(losses[x]![i]), \"tokens_per_s\": \(1000 * x)}"
                jobs.append(
                    (
                        Job(
                            id: "m-\(x)-\(seed)", schedule: nil, seed: seed, params: ["x": .int(x), "tag": .string("a")]
                        ),
                        Data(text.utf8)
                    ))
            }
        }
        let dir = try Self.folder(
            runner: .command(["run", "{x}", "{tag}", "{result}"]), jobs: jobs,
            report: ReportSettings(sortBy: "val_loss", order: .ascending))
        defer { try? FileManager.default.removeItem(at: dir) }
        let (report, _) = try ReportWriter.build(paths: [dir.path], rules: nil)
        let table = try #require(report.metrics)
        #expect(table.rows.map { $0.params["x"] } == [.int(2), .int(3), .int(1)])
        #expect(table.metrics == ["val_loss", "tokens_per_s"])
        #expect(table.varying == ["x"])
        let row = table.rows[0]
        let e = try #require(row.estimates["val_loss"])
        #expect(row.runs == 2 && row.seeds == [1, 2])
        #expect(abs(e.mean - 0.42) < 1e-12)
        // Student t with 1 degree of freedom: 12.706 × sd / √2 = 12.706 × 0.02 (sd = 0.0283).
        #expect(abs(e.hi - 0.42 - 12.7062 * 0.02) < 1e-3)
        let md = MarkdownReport.render(report)
        #expect(md.contains("## Metrics"))
        #expect(md.contains("Sorted by val\\_loss, ascending."))
        #expect(md.contains("| 1 | x=2 | 2 | 0.42 ["), "\(md)")
        #expect(!md.contains("## Summary"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(JSONReport(report).text().utf8)) as? [String: Any])
        let metrics = try #require(json["metrics"] as? [String: Any])
        #expect(metrics["sort_by"] as? String == "val_loss")
        #expect((metrics["rows"] as? [Any])?.count == 3)

        // A sort metric no run reported is said in the report, not an error.
        let (unsorted, _) = try ReportWriter.build(paths: [dir.path], rules: nil)
        var input = try ResultsLoader.load([dir.path]).input
        input.settings = ReportSettings(sortBy: "val_los", order: .descending)
        let typo = Aggregator.aggregate(input, rules: Rules())
        #expect(typo.metrics?.note?.contains("no run reported a metric 'val_los'") == true)
        #expect(typo.metrics?.rows.map { $0.params["x"] } == [.int(1), .int(2), .int(3)])
        #expect(
            MarkdownReport.render(typo).contains("**Note**: report.sort\\_by: no run reported a metric 'val\\_los'"))
        #expect(unsorted.metrics != nil)
    }

    /// A diverged run (Python writes a bare NaN) is judged: rejected as diverged, its speedup shown.
    @Test func aDivergedRunIsRejectedWithItsNumbers() throws {
        let text = String(decoding: try ReferenceResultFile.data(seed: 1, dynMs: 5, dynVal: .nan), as: UTF8.self)
        let diverged = text.replacingOccurrences(of: "\"final_val_loss\" : null", with: "\"final_val_loss\" : NaN")
        #expect(diverged != text)
        let dir = try Self.folder(
            runner: .command(["run", "{result}"]),
            jobs: [(Job(id: "d", schedule: nil, seed: 1, params: [:]), Data(diverged.utf8))])
        defer { try? FileManager.default.removeItem(at: dir) }
        let (report, _) = try ReportWriter.build(paths: [dir.path], rules: nil)
        let row = try #require(report.ranked.first)
        #expect(row.verdict == .reject)
        #expect(row.judgement?.flags.contains(.diverged) == true)
        #expect(row.judgement?.reasons.contains { $0.contains("diverged") } == true)
        #expect(row.speedup?.mean == 2)
        #expect(report.unfinished.isEmpty)
    }

    /// A non-finite train loss is a divergence too; a missing one is only not recorded.
    @Test func aNonFiniteTrainLossIsADivergenceAMissingOneIsNot() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("train-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func file(_ name: String, seed: Int, dynTrain: String) throws {
            let text =
                #"{"config": {"seed": \#(seed)}, "results": ["#
                + #"{"schedule": "full_update", "final_val_loss": 0.1, "mean_step_ms": 10},"#
                + #"{"schedule": "dynamic_suffix", "final_val_loss": 0.1001, "mean_step_ms": 5\#(dynTrain)}]}"#
            try Data(text.utf8).write(to: dir.appendingPathComponent(name))
        }
        try file("a.json", seed: 1, dynTrain: #", "train_loss_end": NaN"#)
        let (nan, _) = try ReportWriter.build(paths: [dir.appendingPathComponent("a.json").path], rules: nil)
        #expect(nan.ranked.first?.verdict == .reject)
        #expect(nan.ranked.first?.judgement?.flags.contains(.diverged) == true)
        #expect(
            nan.ranked.first?.judgement?.reasons.contains("the run diverged (val or train loss NaN, Infinity or null)")
                == true)
        try file("b.json", seed: 1, dynTrain: "")
        let (missing, _) = try ReportWriter.build(paths: [dir.appendingPathComponent("b.json").path], rules: nil)
        #expect(missing.ranked.first?.verdict == .keep)
        #expect(missing.ranked.first?.judgement?.flags.contains(.diverged) == false)
    }

    /// The report of a reference file whose full_update diverged names that (the binary's
    /// `report` says the same: DivergedBaselineCommandTests).
    @Test func aDivergedBaselineIsNamed() throws {
        let text = String(
            decoding: try ReferenceResultFile.data(seed: 3, dynMs: 5, dynVal: 0.1, fullVal: .nan), as: UTF8.self)
        let diverged = text.replacingOccurrences(of: "\"final_val_loss\" : null", with: "\"final_val_loss\" : NaN")
        #expect(diverged != text)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("diverged-\(UUID().uuidString).json")
        try Data(diverged.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let (report, _) = try ReportWriter.build(paths: [file.path], rules: nil)
        let row = try #require(report.ranked.first)
        #expect(row.verdict == .reject)
        let reason = row.judgement?.reasons.first ?? ""
        #expect(reason.hasPrefix("full_update baseline of seed 3 diverged (val or train loss NaN"), "\(reason)")
        #expect(!reason.contains("no full_update result"))
        #expect(row.speedup?.mean == 2)
        let md = MarkdownReport.render(report)
        #expect(md.contains("full\\_update baseline of seed 3 diverged"))
        #expect(md.contains("| baseline | diverged at seed 3 (val or train loss NaN, Infinity or null) |"), "\(md)")

    }

    /// Speedups shown beside diverged baselines pool on the log scale like every other speedup:
    /// 2× and 0.5× average to 1×, not 1.25×.
    @Test func speedupsBesideDivergedBaselinesPoolGeometrically() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("diverged-pool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (seed, ms) in [(3, 5.0), (4, 20.0)] {
            let text = String(
                decoding: try ReferenceResultFile.data(seed: seed, dynMs: ms, dynVal: 0.1, fullVal: .nan), as: UTF8.self
            )
            try Data(text.utf8).write(to: dir.appendingPathComponent("seed-\(seed).json"))
        }
        let (report, _) = try ReportWriter.build(paths: [dir.path], rules: nil)
        let row = try #require(report.ranked.first)
        let speedup = try #require(row.speedup)
        #expect(abs(speedup.mean - 1) < 1e-12, "\(speedup)")
        #expect(speedup.lo > 0 && speedup.count == 2)
    }
}
