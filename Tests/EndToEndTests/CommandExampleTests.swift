import BlocksweepTestSupport
import Foundation
import Testing

/// The worked examples of docs/sweep-file.md, run through `blocksweep run` from the
/// repository root as a user would, and their reports checked.
@Suite(.timeLimit(.minutes(10))) struct CommandExampleTests {
    static func run(_ example: String) throws -> (outcome: BlocksweepBinary.Outcome, folder: URL) {
        let results = try BlocksweepBinary.temporaryFolder()
        let outcome = try BlocksweepBinary.run(
            ["run", "sweeps/examples/\(example).yaml", "--results", results.path],
            in: BlocksweepBinary.packageRoot)
        return (outcome, results.appendingPathComponent(example))
    }

    @Test func theNoResultExampleSucceedsOnExitStatusAndListsItsRuns() throws {
        let (outcome, folder) = try Self.run("command-no-result")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        #expect(outcome.status == 0, "\(outcome.stdout)\n\(outcome.stderr)")
        #expect(
            outcome.stdout.contains("command-no-result: 6 done, 0 failed, 0 skipped of 6 jobs"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("report: 6 of 6 jobs done"))
        let md = try String(contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(md.contains("## Runs"))
        #expect(md.contains("| job | parameters | seed | state | duration |"))
        for size in [256, 1024, 4096] {
            for seed in [1, 2] {
                #expect(
                    md.contains(
                        try Regex("\\| job-[0-9a-f]{16} \\| size=\(size) \\| \(seed) \\| done \\| [0-9]+s \\|")),
                    "size \(size) seed \(seed):\n\(md)")
            }
        }
        #expect(!md.contains("unreadable") && !md.contains("## Summary"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("report.json")))
                as? [String: Any])
        #expect((json["runs"] as? [Any])?.count == 6)
    }

    @Test func theMetricsExampleReportsEachConfigurationOverItsSeeds() throws {
        let (outcome, folder) = try Self.run("command-metrics")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        #expect(outcome.status == 0, "\(outcome.stdout)\n\(outcome.stderr)")
        #expect(outcome.stdout.contains("report: 4 configurations of metrics"), "\(outcome.stdout)")
        let md = try String(contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(md.contains("Sorted by val\\_loss, ascending."))
        #expect(md.contains("| # | configuration | runs | val\\_loss | tokens\\_per\\_s |"))
        // Sorted by val_loss: the wider model first, lr 0.003 before 0.001 at each width.
        let order = ["lr=0.003, width=256", "lr=0.001, width=256", "lr=0.003, width=128", "lr=0.001, width=128"]
        let positions = order.map { md.range(of: "| \($0) | 3 | ")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil }, "\(md)")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("report.json")))
                as? [String: Any])
        let rows = try #require((json["metrics"] as? [String: Any])?["rows"] as? [[String: Any]])
        #expect(rows.count == 4 && rows.allSatisfy { $0["runs"] as? Int == 3 })
        let first = try #require((rows[0]["values"] as? [String: Any])?["val_loss"] as? [String: Any])
        #expect(first["count"] as? Int == 3)
        #expect((first["lo"] as? Double ?? 1) < (first["mean"] as? Double ?? 0))
    }

    @Test func theBenchmarkExampleIsJudgedPerThreshold() throws {
        let (outcome, folder) = try Self.run("command-benchmark")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        #expect(outcome.status == 0, "\(outcome.stdout)\n\(outcome.stderr)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("report.json")))
                as? [String: Any])
        let rows = try #require(json["rows"] as? [[String: Any]]).filter {
            $0["schedule"] as? String == "dynamic_suffix"
        }
        #expect(rows.count == 3 && rows.allSatisfy { $0["repeats"] as? Int == 2 })
    }
}
