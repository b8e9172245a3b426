import Testing
import Vocabulary

@testable import SweepKit

/// A metrics cell tells a diverged run (NaN) from one that did not report the metric, also
/// when no run of the row has a finite value (docs/report.md, "What the markdown shows").
@Suite(.timeLimit(.minutes(10))) struct MetricsCellTests {
    static func table(_ values: [[String: Double]]) throws -> MetricsTable.Row {
        let runs = values.enumerated().map { i, v in
            MetricsRun(source: "r\(i).json", params: ["lr": .double(0.1)], seed: i + 1, values: v)
        }
        return try #require(MetricsTable(runs, settings: nil)).rows[0]
    }

    @Test func aLoneNonFiniteValueIsSaidInItsCell() throws {
        let row = try Self.table([["val_loss": .nan, "acc": 0.9]])
        #expect(MarkdownReport.metricCell(row, "val_loss") == "— (1 of 1 non-finite)")
        #expect(MarkdownReport.metricCell(row, "acc") == "0.9")
    }

    @Test func nonFiniteAndAbsentAreCountedApart() throws {
        let row = try Self.table([["val_loss": 0.5, "acc": 1], ["val_loss": .infinity], ["val_loss": 0.7, "acc": 2]])
        #expect(MarkdownReport.metricCell(row, "val_loss") == "0.6 [-0.6706, 1.871] (1 of 3 non-finite)")
        #expect(MarkdownReport.metricCell(row, "acc").hasSuffix(" (1 of 3 absent)"))
        let json = JSONReport.Metrics.Row(
            params: row.params, seeds: row.seeds, runs: row.runs, values: row.estimates,
            missing: row.missing, nonFinite: row.nonFinite, sources: row.sources)
        #expect(json.missing == ["val_loss": 1, "acc": 1] && json.nonFinite == ["val_loss": 1])
    }
}
