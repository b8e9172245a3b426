import BlocksweepTestSupport
import Foundation
import Testing

@testable import SweepKit

/// `blocksweep validate` and `blocksweep plan` as a user runs them (needs `swift build` first).
@Suite(.enabled(if: BlocksweepBinary.isBuilt, "run swift build first"), .timeLimit(.minutes(10)))
struct CommandLineTests {
    private func run(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
        let r = try BlocksweepBinary.run(args)
        return (r.status, r.stdout, r.stderr)
    }

    @Test func validateAcceptsTheQuickstart() throws {
        let r = try run(["validate", Paths.sweeps.appendingPathComponent("quickstart.yaml").path])
        #expect(r.status == 0)
        #expect(r.out.contains("ok: 15 jobs from 3 points, and 1 calibration"))
    }

    @Test func validateRejectsWithExitTwoAndEveryError() throws {
        let path = Paths.fixture("errors/unknown-keys.yaml").path
        let r = try run(["validate", path])
        #expect(r.status == 2)
        #expect(r.out.isEmpty)
        #expect(
            r.err.contains("\(path):3:1: error: unknown key 'gird' in the sweep file; did you mean 'grid'?\ngird:\n^\n")
        )
        #expect(r.err.hasSuffix("6 errors in \(path)\n"))
    }

    @Test func planPrintsJSON() throws {
        let r = try run(["plan", Paths.sweeps.appendingPathComponent("quickstart.yaml").path, "--format", "json"])
        #expect(r.status == 0)
        let plan = try JSONDecoder().decode(Plan.self, from: Data(r.out.utf8))
        #expect(plan.name == "quickstart" && plan.jobs.count == 15)
        let object = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
        let job = (object?["jobs"] as? [[String: Any]])?.first
        #expect(Set(job?.keys.map { $0 } ?? []) == ["id", "schedule", "seed", "params", "depends_on", "calibration"])
        #expect(object?["dropped"] as? Int == 0)
    }

    @Test func planTableShowsCountsDropsAndCost() throws {
        let r = try run(["plan", Paths.sweeps.appendingPathComponent("zip-sample-where.yaml").path])
        #expect(r.status == 0)
        #expect(r.out.contains("dropped by where"))
        #expect(r.out.contains("dynamic_suffix"))
        #expect(r.out.contains("estimated compute (a rough estimate):"))
    }

    @Test func planRespectsMaxJobs() throws {
        let r = try run(["plan", Paths.sweeps.appendingPathComponent("quickstart.yaml").path, "--max-jobs", "5"])
        #expect(r.status == 2)
        #expect(r.err.contains("error: the sweep expands to more than 5 jobs"))
    }
}
