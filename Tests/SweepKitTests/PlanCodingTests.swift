import Foundation
import Testing
import Vocabulary

@testable import SweepKit

@Test(.timeLimit(.minutes(10))) func planRoundTripsThroughJSON() throws {
    let job = Job(
        id: "abc", schedule: .dynamicSuffix, seed: 3,
        params: ["dyn_probe_every": .int(10), "dyn_relevance_threshold": .double(0.8)],
        dependsOn: ["def"])
    let plan = Plan(
        name: "t", jobs: [job], dropped: 2, runner: .command(["echo", "{seed}"]),
        execution: ExecutionSettings(threads: 2, backend: .slurm(SlurmSettings(partition: "p"))))
    let data = try JSONEncoder().encode(plan)
    #expect(try JSONDecoder().decode(Plan.self, from: data) == plan)
}

@Test(.timeLimit(.minutes(10))) func planCarriesTheSweepDescription() throws {
    let spec = try SweepSpec.parse(
        "version: 1\nname: d\ndescription: why we sweep\ngrid:\n  dyn_probe_every: [5]\n",
        path: "d.yaml")
    #expect(try Planner.plan(spec).description == "why we sweep")
}
