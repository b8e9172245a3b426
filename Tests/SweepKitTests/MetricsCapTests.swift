import Foundation
import Testing
import Vocabulary

@testable import SweepKit

/// A command that writes thousands of metrics gets a report of the first `maxMetrics`, which
/// says how many it left out (issue 18, point 6.1: 300,000 metrics made a 28 MB report.md).
@Suite(.timeLimit(.minutes(10))) struct MetricsCapTests {
    static let count = 5000

    /// Two configurations of two runs, each reporting `count` metrics m0000…m4999 and `zz_loss`.
    static func report(sortBy: String?) -> SweepReport {
        var values: [String: Double] = ["zz_loss": 0.5]
        for i in 0..<count { values[String(format: "m%04d", i)] = Double(i) }
        let runs = (0..<4).map { i in
            MetricsRun(
                source: "r\(i).json", params: ["lr": .double(i < 2 ? 0.1 : 0.2)], seed: i % 2 + 1, values: values)
        }
        return Aggregator.aggregate(
            ReportInput(
                title: "t", runs: [], fileCount: runs.count, metrics: runs,
                settings: ReportSettings(sortBy: sortBy)),
            rules: Rules())
    }

    @Test func theReportKeepsTheSortMetricAndTheFirstByNameAndSaysHowManyItLeftOut() throws {
        let report = Self.report(sortBy: "zz_loss")
        let table = try #require(report.metrics)
        let kept = MetricsTable.maxMetrics
        #expect(table.metrics.count == kept)
        #expect(table.metrics.first == "zz_loss" && table.metrics[1] == "m0000")
        #expect(table.metrics.last == String(format: "m%04d", kept - 2))
        #expect(table.notShown == Self.count + 1 - kept)
        #expect(table.rows.allSatisfy { $0.estimates.count == kept })

        let md = MarkdownReport.render(report)
        #expect(md.utf8.count < 20_000, "\(md.utf8.count) bytes")
        #expect(
            md.contains(
                "**\(Self.count + 1 - kept) metrics not shown**: the runs reported \(Self.count + 1); the table keeps "
                    + "the first \(kept) (the sort metric, then by name), as report.json does. The result files hold them all."
            ), "\(md.prefix(2000))")
        #expect(!md.contains("m4999"))

        let json = try JSONReport(report).text()
        #expect(json.utf8.count < 100_000, "\(json.utf8.count) bytes")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let metrics = try #require(object["metrics"] as? [String: Any])
        #expect((metrics["columns"] as? [String])?.count == kept)
        #expect(metrics["not_shown"] as? Int == Self.count + 1 - kept)
    }

    /// A sort metric no run reported is named in a note that lists a few of the names they did.
    @Test func theNoteOnAMissingSortMetricListsAFewNames() throws {
        let table = try #require(Self.report(sortBy: "val_loss").metrics)
        let note = try #require(table.note)
        #expect(note.contains("(they report: m0000, m0001, "))
        #expect(note.contains("m0019 and \(Self.count + 1 - 20) more); rows are in the order"), "\(note)")
        #expect(note.utf8.count < 1000)
    }

    @Test func aFewMetricsAreAllShownWithoutANote() throws {
        let runs = [MetricsRun(source: "r.json", params: nil, seed: nil, values: ["a": 1, "b": 2])]
        let report = Aggregator.aggregate(
            ReportInput(title: "t", runs: [], fileCount: 1, metrics: runs), rules: Rules())
        #expect(report.metrics?.notShown == 0 && report.metrics?.metrics == ["a", "b"])
        #expect(!MarkdownReport.render(report).contains("not shown"))
        #expect(!(try JSONReport(report).text()).contains("not_shown"))
    }
}
