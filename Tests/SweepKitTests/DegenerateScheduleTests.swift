import Foundation
import Testing
import Vocabulary

@testable import SweepKit

/// A suffix schedule with as many active layers as the model has blocks is the same work as
/// full_update: sweeps refuse it per point, and reports never flag or keep such a row.
@Suite(.timeLimit(.minutes(10)))
struct DegenerateScheduleTests {
    @Test func anExplicitStaticCountEqualToNLayersIsRefusedWhereItIsSet() {
        let found = diagnostics(header + "base:\n  n_layers: 6\n  static_active_layers: 6\n")
        #expect(
            found == [
                Diagnostic(
                    "static_active_layers is 6 but n_layers is 6: static_suffix would train all 6 blocks on every step, the same "
                        + "work as full_update; set static_active_layers below n_layers, or drop static_suffix from schedules",
                    at: SourceLocation(line: 5, column: 25))
            ])
    }

    @Test func aDefaultCountSaysSoAndPointsAtNLayers() {
        // static_active_layers defaults to 6 and dyn_min_active_layers to 4.
        let found = diagnostics(header + "base:\n  n_layers: 4\n")
        #expect(found.count == 2)
        #expect(found.allSatisfy { $0.location == SourceLocation(line: 4, column: 13) })
        #expect(
            found.first?.message == "static_active_layers is 6 (the benchmark default; the sweep does not set it) but "
                + "n_layers is 4: static_suffix would train all 4 blocks on every step, the same work as full_update; "
                + "set static_active_layers below n_layers in base, or drop static_suffix from schedules")
        #expect(
            found.last?.message.hasPrefix(
                "dyn_min_active_layers is 4 (the benchmark default; the sweep does not set it) but n_layers is 4: dynamic_suffix"
            ) == true)
    }

    @Test func onlyTheSchedulesThatRunAreChecked() {
        #expect(diagnostics(header + "schedules: [full_update]\nbase:\n  n_layers: 4\n").isEmpty)
        let found = diagnostics(header + "schedules: [full_update, dynamic_suffix]\nbase:\n  n_layers: 4\n")
        #expect(found.map { String($0.message.prefix(21)) } == ["dyn_min_active_layers"])
    }

    /// 6 fits the largest n_layers (8) but not the point with n_layers 4: checked per point.
    @Test func eachPointIsCheckedNotTheLargestNLayers() {
        let found = diagnostics(header + "schedules: [static_suffix]\ngrid:\n  n_layers: [4, 8]\n")
        #expect(found.count == 1)
        let message = found.first?.message ?? ""
        #expect(
            message.hasPrefix(
                "static_active_layers is 6 (the benchmark default; the sweep does not set it) but n_layers is 4 at 1 of 2 points"
            ))
        #expect(message.contains("keep those points out with where: 'static_active_layers < n_layers'"))
        #expect(found.first?.location == SourceLocation(line: 5, column: 3))
        // The same sweep with those points dropped runs.
        #expect(
            diagnostics(
                header
                    + "schedules: [static_suffix]\ngrid:\n  n_layers: [4, 8]\nwhere: static_active_layers < n_layers\n"
            ).isEmpty)
    }

    @Test func zippedAndSampledCountsAreCheckedPerPoint() {
        let zip = diagnostics(
            header + "schedules: [dynamic_suffix]\nzip:\n  - n_layers: [4, 8]\n    dyn_min_active_layers: [2, 8]\n")
        #expect(
            zip.map { String($0.message.prefix(58)) } == ["dyn_min_active_layers is 8 but n_layers is 8 at 1 of 2 poi"])
        let sample = diagnostics(
            header + """
                schedules: [static_suffix]
                base:
                  n_layers: 6
                sample:
                  count: 40
                  seed: 1
                  params:
                    static_active_layers: {int: [1, 6]}
                """)
        #expect(sample.count == 1)
        #expect(sample.first?.message.hasPrefix("static_active_layers is 6 but n_layers is 6 at ") == true)
    }

    @Test func countsBelowNLayersPass() {
        #expect(
            diagnostics(header + "base:\n  n_layers: 7\n  static_active_layers: 6\n  dyn_min_active_layers: 6\n")
                .isEmpty)
    }

    /// A reference file or an older result with K ≥ N: rejected as degenerate, whatever its numbers.
    @Test(arguments: [Schedule.staticSuffix, .dynamicSuffix])
    func aReportNeverKeepsOrFlagsADegenerateRow(schedule: Schedule) throws {
        var runs: [RunRecord] = []
        for seed in [1, 2, 3] {
            runs.append(ReportFixture.run(.fullUpdate, seed: seed, ms: 70, val: 0.1, file: seed * 2) { $0.nLayers = 4 })
            // Looks like a clean 1.4× keep: noise between two runs of the same work.
            runs.append(
                ReportFixture.run(
                    schedule, seed: seed, ms: 50 + Double(seed) * 0.1, val: 0.1, active: 4,
                    file: seed * 2 + 1
                ) {
                    $0.nLayers = 4
                    $0.staticActiveLayers = 4
                    $0.dynMinActiveLayers = 4
                })
        }
        let report = Aggregator.aggregate(ReportInput(title: "old", runs: runs, fileCount: 6), rules: Rules())
        let row = try #require((report.ranked + report.baselines).first { $0.schedule == schedule })
        #expect(row.verdict == .reject)
        #expect(row.judgement?.flags.contains(.degenerate) == true)
        #expect(row.judgement?.flags.contains(.suspectTiming) == false)
        #expect(row.judgement?.reasons.first?.hasPrefix("degenerate: same work as full_update") == true)
        #expect(row.remedies.isEmpty)
        let markdown = MarkdownReport.render(report)
        #expect(markdown.contains("*degenerate*"))
    }
}
