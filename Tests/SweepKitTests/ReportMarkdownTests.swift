import BlockBench
import Foundation
import Testing
@testable import SweepKit

struct ReportMarkdownTests {
    typealias F = ReportFixture

    static let links = [
        FigureLink(path: "figures/speedup-vs-val-loss.svg", title: "Speedup against val-loss increase"),
        FigureLink(path: "figures/train-loss.svg", title: "Train loss over time"),
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
        let object = try #require(try JSONSerialization.jsonObject(with: Data(JSONReport(report).text().utf8)) as? [String: Any])
        #expect((object["rules"] as? [String: Any])?["min_speedup"] as? Double == 1.1)
        let rows = try #require(object["rows"] as? [[String: Any]])
        // Three dynamic_suffix rows ranked, then the static_suffix row.
        #expect(rows.map { $0["schedule"] as? String } == ["dynamic_suffix", "dynamic_suffix", "dynamic_suffix", "static_suffix"])
        for key in ["config", "schedule", "repeats", "speedup", "val_loss_increase", "verdict", "flags", "reasons", "remedies"] {
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
        ("plain-name_1.0", "plain-name\\_1.0"),
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
}
