import Foundation
import Testing

@testable import SweepKit

/// Counts printed with their noun in the right number, and values that stay on their line of
/// the `plan` table.
@Suite(.timeLimit(.minutes(10)))
struct PlanTextTests {
    @Test(arguments: [(0, "0 jobs"), (1, "1 job"), (2, "2 jobs"), (30, "30 jobs")])
    func countsTakeTheRightNumber(n: Int, text: String) {
        #expect(n.counted("job") == text)
    }

    @Test func aOneJobPlanSaysJobAndSeed() throws {
        let s = try spec(header + "runner: {command: [run, \"{x}\"]}\nbase:\n  x: 1\n")
        let text = PlanTable.render(try Planner.expand(s), spec: s)
        #expect(
            text.hasPrefix(
                "sweep t: 1 job (command runner)\npoints: 1 before constraints, 0 dropped by where, 1 kept × 1 seed\n"))
    }

    @Test func oneWaitingJobWaitsForItsBaseline() throws {
        let s = try spec(header + "schedules: [static_suffix]\nbase:\n  equal_time_budget: true\n")
        #expect(PlanTable.render(try Planner.expand(s), spec: s).contains("\n1 job waits for its full_update baseline"))
    }

    @Test func oneMoreJobThanShown() throws {
        let s = try spec(header + "runner: {command: [run, \"{x}\"]}\ngrid:\n  x: {from: 1, to: 31, step: 1}\n")
        #expect(PlanTable.render(try Planner.expand(s), spec: s).contains("… 1 more job (blocksweep plan"))
    }

    @Test func singularCountsInErrors() {
        #expect(
            diagnostics(header + "zip:\n  - lr: [0.1]\n    dmodel: [64, 128]\n").map(\.message)
                == ["zip lists must have equal lengths: lr has 1 value, dmodel has 2 values"])
        #expect(
            diagnostics(header + "base:\n  lr: 0.1\nwhere: lr > 1\n").map(\.message)
                == ["no point satisfies the conditions in where: its one point is dropped"])
        #expect(
            diagnostics(header + "grid:\n  lr: [0.1, 0.2]\n", maxJobs: 1).first?.message
                == "the sweep expands to more than 1 job; narrow it or raise the limit with --max-jobs")
    }

    /// A newline or tab in a value is escaped, so every job keeps one line of the table.
    @Test func controlCharactersInValuesAreEscapedInTheTable() throws {
        let s = try spec(
            header + "runner: {command: [run, \"{x}\"]}\ngrid:\n  x: [\"line one\\nline two\\tend\", \"b\\u001B[2J\"]\n"
        )
        let text = PlanTable.render(try Planner.expand(s), spec: s)
        let jobLines = text.split(separator: "\n").filter { $0.hasPrefix("job-") }
        #expect(jobLines.count == 2)
        #expect(jobLines[0].hasSuffix("x=line one\\nline two\\tend"))
        #expect(jobLines[1].hasSuffix("x=b\\u{1B}[2J"))
        #expect(!text.contains("\u{1B}"))
    }
}
