import Testing
import Vocabulary

@testable import SweepKit

/// A command parameter holding a newline reads as in `plan` (`\n`), not as a space that would
/// make it look like another value.
@Suite(.timeLimit(.minutes(10))) struct ParameterTextTests {
    @Test func aNewlineInAValueIsShownEscapedInBothTables() {
        let values: [ParameterValue] = [.string("line1\nline2"), .string("line1 line2")]
        let plain = values.enumerated().map {
            PlainRun(
                id: "job-\($0.offset)", params: ["v": $0.element], seed: 1,
                state: "done", seconds: 1)
        }
        let metrics = values.enumerated().map {
            MetricsRun(
                source: "r\($0.offset).json", params: ["v": $0.element],
                seed: 1, values: ["loss": 1])
        }
        let report = Aggregator.aggregate(
            ReportInput(title: "t", runs: [], fileCount: 2, metrics: metrics, plainRuns: plain),
            rules: Rules())
        let md = MarkdownReport.render(report)
        #expect(md.contains("| job-0 | v=line1\\\\nline2 | 1 | done | 1s |"), "\(md)")
        #expect(md.contains("| job-1 | v=line1 line2 | 1 | done | 1s |"))
        #expect(md.contains("| 1 | v=line1\\\\nline2 | 1 | 1 |"), "\(md)")
    }
}
