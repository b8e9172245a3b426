import Foundation
import Testing
import Vocabulary

@testable import SweepKit

@Suite(.timeLimit(.minutes(10)))
struct ReportMarkdownTests {
    typealias F = ReportFixture

    static let links = [
        FigureLink(path: "figures/speedup-vs-val-loss.svg", title: "Speedup against val-loss increase"),
        FigureLink(path: "figures/train-loss.svg", title: "Train loss over time")
    ]

    @Test func goldenSweepReport() throws {
        let report = Aggregator.aggregate(F.sweep(), rules: Rules())
        try expectGolden(MarkdownReport.render(report, figures: Self.links), "report-sweep.md")
    }

    @Test func sweepDescriptionOpensTheReportEscaped() {
        var input = F.sweep()
        input.description = "Probe *more* often <b>now</b>\n"
        let text = MarkdownReport.render(Aggregator.aggregate(input, rules: Rules()))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[2] == "Probe \\*more\\* often &lt;b&gt;now&lt;/b&gt;")
    }

    @Test func goldenReferenceReport() throws {
        let report = Aggregator.aggregate(try F.reference([F.tuned, F.early]), rules: Rules())
        try expectGolden(MarkdownReport.render(report), "report-reference.md")
    }

    @Test func goldenJSONReport() throws {
        let report = Aggregator.aggregate(F.sweep(), rules: Rules())
        try expectGolden(try JSONReport(report).text(), "report-sweep.json")
    }

    @Test func jsonHasTheDocumentedShape() throws {
        let report = Aggregator.aggregate(F.sweep(), rules: Rules())
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(JSONReport(report).text().utf8)) as? [String: Any])
        #expect((object["rules"] as? [String: Any])?["min_speedup"] as? Double == 1.1)
        let rows = try #require(object["rows"] as? [[String: Any]])
        // Three dynamic_suffix rows ranked, then the static_suffix row.
        #expect(
            rows.map { $0["schedule"] as? String } == [
                "dynamic_suffix", "dynamic_suffix", "dynamic_suffix", "static_suffix"
            ])
        for key in [
            "config", "schedule", "repeats", "speedup", "val_loss_increase", "verdict", "flags", "reasons", "remedies"
        ] {
            #expect(rows[0][key] != nil, "rows[0] lacks \(key)")
        }
        let speedupKeys = Set((rows[0]["speedup"] as? [String: Any] ?? [:]).keys)
        #expect(speedupKeys.isSuperset(of: ["mean", "lo", "hi"]))
        #expect(rows.map { $0["verdict"] as? String } == ["keep", "inconclusive", "reject", "reject"])
        let failed = try #require(object["failed"] as? [[String: Any]])
        #expect(failed.first?["reason"] as? String == "exit status 1: out of memory")
    }

    @Test(arguments: [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("a|b", "a\\|b"),
        ("*bold* _it_ `code`", "\\*bold\\* \\_it\\_ \\`code\\`"),
        ("[link](http://x)", "\\[link\\](http://x)"),
        ("![img](x)", "\\!\\[img\\](x)"),
        ("line1\nline2", "line1 line2"),
        ("# heading & more", "\\# heading &amp; more"),
        ("plain-name_1.0", "plain-name\\_1.0")
    ])
    func escapesMarkdownAndHTML(raw: String, escaped: String) {
        #expect(MarkdownText.escape(raw) == escaped)
    }

    @Test func namesFromOutsideCannotBreakTheReport() {
        var input = F.sweep()
        input.title = "<img src=x onerror=alert(1)> **sweep** | x"
        input.unfinished[0].id = "job|<b>1</b>"
        input.unfinished[0].reason = "exit 1: | table breaker\n# and a heading"
        let md = MarkdownReport.render(Aggregator.aggregate(input, rules: Rules()))
        #expect(md.hasPrefix("# Sweep report: &lt;img src=x onerror=alert(1)&gt; \\*\\*sweep\\*\\* \\| x\n"))
        #expect(!md.contains("<img") && !md.contains("<b>"))
        let failedRow = md.split(separator: "\n").first { $0.contains("dyn") && $0.contains("table breaker") }
        // Every cell separator left is a real one: 7 for 6 columns.
        let bars = failedRow.map { line in line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count }
        #expect(bars == 7)
        #expect(!md.contains("\n# and a heading"))
    }

    /// Many differing settings leave the ranked table for a side-by-side table, a column per
    /// row, so the rows can be compared setting by setting.
    @Test func manyDifferingSettingsAreComparedSideBySide() throws {
        let report = Aggregator.aggregate(try F.reference([F.tuned, F.early]), rules: Rules())
        #expect(report.varying.count > MarkdownReport.maxInlineParameters)
        let lines = MarkdownReport.render(report).split(separator: "\n").map(String.init)
        #expect(lines.contains("| setting | #1 | #2 |"))
        #expect(lines.contains("| dyn\\_probe\\_every | 12 | 20 |"))
        #expect(lines.contains("| dyn\\_relevance\\_threshold | 0.85 | 0.7 |"))
        #expect(!lines.contains { $0.hasPrefix("- **#1**:") })
    }

    /// Past maxSideBySideRows rows, each row gets its own line of settings instead.
    @Test func manyRowsWithManyDifferingSettingsGetALineEach() {
        let rows = MarkdownReport.maxSideBySideRows + 1
        var runs = [F.run(.fullUpdate, seed: 1, ms: 70, val: 0.1, file: 0)]
        for i in 0..<rows {
            runs.append(
                F.run(.dynamicSuffix, seed: 1, ms: 60 - Double(i), val: 0.101, active: 12, file: i + 1) { c in
                    c.dynWarmupSteps = 10 + i
                    c.dynProbeEvery = 10 + i
                    c.dynRefreshEvery = 50 + i
                    c.dynMinActiveLayers = 2 + i
                    c.dynMaxActiveLayers = 12 + i
                    c.dynFreezeStartFrac = 0.3 + 0.01 * Double(i)
                    c.dynRelevanceThreshold = 0.5 + 0.01 * Double(i)
                })
        }
        let md = MarkdownReport.render(
            Aggregator.aggregate(
                ReportInput(title: "wide", runs: runs, fileCount: rows + 1),
                rules: Rules()))
        #expect(!md.contains("| setting |"))
        #expect(md.contains("- **#\(rows)**: dyn\\_warmup\\_steps="))
    }

    /// A judged static_suffix baseline names its reasons like any other row.
    @Test func baselineRejectsNameTheirReasons() throws {
        let md = MarkdownReport.render(Aggregator.aggregate(F.sweep(), rules: Rules()))
        let staticRow = try #require(md.split(separator: "\n").first { $0.hasPrefix("| static_suffix |") })
        #expect(staticRow.contains("reject") && staticRow.contains("above the +2.00% allowed"))
    }
}
