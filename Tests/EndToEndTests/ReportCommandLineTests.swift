import BlocksweepTestSupport
import Foundation
import Testing

@testable import SweepKit

/// `blocksweep report` as a user runs it (needs `swift build` first).
@Suite(.enabled(if: BlocksweepBinary.isBuilt, "run swift build first"), .timeLimit(.minutes(10)))
struct ReportCommandLineTests {
    private func run(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
        let r = try BlocksweepBinary.run(args)
        return (r.status, r.stdout, r.stderr)
    }

    private func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "blocksweep-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    private var tuned: String { Paths.reference(Paths.tuned).path }
    private var early: String { Paths.reference(Paths.early).path }

    @Test func printsMarkdownForReferenceFiles() throws {
        let r = try run(["report", tuned, early])
        #expect(r.status == 0)
        #expect(r.out.hasPrefix("# Sweep report: \(Paths.tuned.replacingOccurrences(of: "_", with: "\\_"))"))
        #expect(r.out.contains("| keep | inconclusive | reject |"))
        #expect(r.err.isEmpty)
    }

    @Test func printsJSONWithThresholdsFromFlags() throws {
        let r = try run(["report", tuned, "--format", "json", "--min-speedup", "1.2", "--max-val-loss-increase", "0.05"]
        )
        #expect(r.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect((object["rules"] as? [String: Any])?["min_speedup"] as? Double == 1.2)
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.first?["verdict"] as? String == "reject")
    }

    @Test func writesReportFiguresAndAValidFollowUpSweep() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("report.md").path
        let sweep = dir.appendingPathComponent("next.yaml").path
        let r = try run(["report", early, "--out", out, "--emit-sweep", sweep])
        #expect(r.status == 0)
        #expect(r.out.hasPrefix("report: 0 keep, 0 inconclusive, 1 reject"))
        let md = try String(contentsOfFile: out, encoding: .utf8)
        #expect(md.contains("](figures/speedup-vs-val-loss.svg)") && md.contains("](figures/train-loss.svg)"))
        for file in ["speedup-vs-val-loss.svg", "train-loss.svg", "active-layers.svg"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("figures/\(file)").path))
        }
        let v = try run(["validate", sweep])
        #expect(v.status == 0, "\(v.err)")
    }

    @Test(arguments: [
        (["report", "/no/such/file.json"], "error: /no/such/file.json: no such file or folder"),
        (["report", "--format", "html", "X"], "error: --format must be md or json, got 'html'"),
        (["report", "--min-speedup", "0", "X"], "error: --min-speedup must be a positive number, got 0.0"),
        (
            ["report", "--max-val-loss-increase=-1", "X"],
            "error: --max-val-loss-increase must be a fraction of 0 or more"
        ),
        (
            ["report", "--max-val-loss-increase", "-1", "X"],
            "error: --max-val-loss-increase must be a fraction of 0 or more"
        ),
        (["report", "--min-speedup", "-1", "X"], "error: --min-speedup must be a positive number, got -1.0")
    ])
    func badInputExitsTwo(args: [String], message: String) throws {
        let r = try run(args)
        #expect(r.status == 2)
        #expect(r.err.hasPrefix(message))
        #expect(r.out.isEmpty)
    }

    @Test func aBrokenResultFileNamesItself() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.json")
        try Data(#"{"config": {}, "results": [{"schedule": "warp_speed"}]}"#.utf8).write(to: bad)
        let r = try run(["report", bad.path])
        #expect(r.status == 2)
        #expect(r.err.hasPrefix("error: \(bad.path): not a benchmark result:"))
    }

    @Test func emitSweepWithNothingToFollowUpSaysSo() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sweep = dir.appendingPathComponent("next.yaml").path
        let r = try run(["report", tuned, "--emit-sweep", sweep])
        #expect(r.status == 2)
        // Refused whole: no report on stdout that a script would take for a success.
        #expect(r.out.isEmpty, "\(r.out)")
        #expect(r.err.contains("no dynamic_suffix configuration was rejected for quality"))
        #expect(!FileManager.default.fileExists(atPath: sweep))
    }
}
