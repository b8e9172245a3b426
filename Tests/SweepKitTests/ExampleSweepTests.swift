import Foundation
import Testing
@testable import SweepKit

/// The examples in sweeps/ are real: each validates and plans.
struct ExampleSweepTests {
    static let files = Paths.files(in: Paths.sweeps, ext: "yaml")

    @Test func thereAreExamples() {
        #expect(Self.files.contains("quickstart.yaml"))
        #expect(Self.files.contains("seed-4090.yaml"))
        #expect(Self.files.count >= 3)
    }

    @Test(arguments: files)
    func exampleValidatesAndPlans(_ file: String) throws {
        let spec = try SweepSpec.load(path: Paths.sweeps.appendingPathComponent(file).path)
        let plan = try Planner.plan(spec)
        #expect(!plan.jobs.isEmpty)
        #expect(spec.name + ".yaml" == file)
    }

    @Test func quickstartIsSmallAndCPU() throws {
        let spec = try SweepSpec.load(path: Paths.sweeps.appendingPathComponent("quickstart.yaml").path)
        let plan = try Planner.plan(spec)
        #expect(spec.runner == .builtin && spec.seeds.count == 2 && spec.execution.threads == 1)
        #expect(plan.jobs.count <= 20)
    }

    @Test func theZipSampleWhereExampleUsesAllThree() throws {
        let spec = try SweepSpec.load(path: Paths.sweeps.appendingPathComponent("zip-sample-where.yaml").path)
        #expect(Set(spec.dimensions.map(\.kind)) == [.grid, .zip, .sample])
        #expect(!spec.constraints.isEmpty)
        #expect(try Planner.expand(spec).plan.dropped > 0)
    }
}
