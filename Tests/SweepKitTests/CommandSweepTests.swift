import Foundation
import Testing

@testable import SweepKit

/// What a command sweep carries into its plan: its own parameters in every job id, the
/// `report` block in plan.json.
@Suite(.timeLimit(.minutes(10)))
struct CommandSweepTests {
    static let text =
        header + """
            runner: {command: [sh, run.sh, "{x}", "{seed}", "{result}"]}
            grid: {x: [1, 2, 3, 4, 5, 6, 7, 8]}
            seeds: [1, 2]
            report: {sort_by: val_loss, order: descending}
            """

    /// 8 points × 2 seeds are 16 distinct jobs, and a job's id changes with its own parameter.
    @Test func aCommandsOwnParametersMakeTheJobIdentity() throws {
        let p = try plan(Self.text)
        #expect(p.jobs.count == 16)
        #expect(Set(p.jobs.map(\.id)).count == 16)
        let byPoint = Dictionary(grouping: p.jobs) { $0.params["x"] }
        #expect(byPoint.count == 8 && byPoint.values.allSatisfy { $0.count == 2 })
        let other = try plan(Self.text.replacingOccurrences(of: "x: [1, 2, 3, 4, 5, 6, 7, 8]", with: "x: [1, 9]"))
        let one = try #require(p.jobs.first { $0.params["x"] == .int(1) && $0.seed == 1 })
        #expect(other.jobs.contains { $0.id == one.id })
        #expect(!other.jobs.contains { $0.params["x"] == .int(9) && $0.id == one.id })
    }

    /// JSON writes the float 2.0 as 2; plan.json and added-jobs.json must still read it back
    /// as a float, or a command run from them (Slurm's launcher, a resumed adaptive round) gets
    /// `2` where the sweep said `2.0`, and its row no longer matches (trial A7).
    @Test func wholeFloatsStayFloatsThroughPlanJSON() throws {
        let p = try plan(
            header + "runner: {command: [sh, run.sh, \"{x}\", \"{y}\", \"{result}\"]}\n"
                + "grid: {x: [2.0, 2.5, 2, -0.0], y: [-3.0]}\n")
        #expect(p.jobs.map { $0.params["x"] } == [.double(2), .double(2.5), .int(2), .double(-0.0)])
        let data = try JSONEncoder().encode(p)
        let decoded = try JSONDecoder().decode(Plan.self, from: data)
        #expect(decoded == p)
        // -0.0 == 0.0, so the sign is checked apart (trial 4c: a command got 0.0 through Slurm).
        guard case .double(let zero) = decoded.jobs[3].params["x"] else {
            Issue.record("not a float")
            return
        }
        #expect(zero.sign == .minus)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"whole_floats\":[\"x\",\"y\"]") && text.contains("\"whole_floats\":[\"y\"]"), "\(text)")
        // A plan.json from before the list reads as it always did.
        let old = #"{"id": "j", "seed": 1, "params": {"x": 2}, "depends_on": []}"#
        #expect(try JSONDecoder().decode(Job.self, from: Data(old.utf8)).params["x"] == .int(2))
    }

    @Test func theReportBlockReachesThePlan() throws {
        let p = try plan(Self.text)
        #expect(p.report == ReportSettings(sortBy: "val_loss", order: .descending))
        let decoded = try JSONDecoder().decode(Plan.self, from: JSONEncoder().encode(p))
        #expect(decoded.report == p.report)
        // Older plan.json files have no report key.
        let builtin = try plan(header + "grid: {lr: [0.001, 0.002]}\n")
        #expect(builtin.report == nil)
        #expect(!String(decoding: try JSONEncoder().encode(builtin), as: UTF8.self).contains("\"report\""))
    }

    @Test func orderDefaultsToAscending() throws {
        let s = try spec(
            header + """
                runner: {command: [sh, run.sh, "{x}", "{result}"]}
                grid: {x: [1, 2]}
                report: {sort_by: loss}
                """)
        #expect(s.report == ReportSettings(sortBy: "loss", order: .ascending))
    }
}
