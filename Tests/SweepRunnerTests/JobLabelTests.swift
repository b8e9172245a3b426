import SweepKit
import Testing
import Vocabulary

@testable import SweepRunner

/// A job's label in progress and status lines names every setting that varies among its
/// schedule's jobs, also where its value is the benchmark default, which its params leave out
/// (issue 18, point 6.2: "dynamic_suffix seed 1" did not say it was threshold 0.9).
@Suite(.timeLimit(.minutes(10))) struct JobLabelTests {
    static let sweep = """
        version: 1
        name: labels
        base:
          steps: 20
          equal_time_budget: true
        grid:
          dyn_relevance_threshold: [0.9, 0.95]
          dyn_probe_every: [3, 5]
        seeds: [1]
        """

    @Test func aGridValueAtTheDefaultIsShown() throws {
        let plan = try Planner.plan(try SweepSpec.parse(Self.sweep, path: "labels.yaml"))
        let label = JobLabel(plan: plan)
        let dynamic = plan.jobs.filter { $0.schedule == .dynamicSuffix }.map(label.text).sorted()
        #expect(
            dynamic == [
                "dynamic_suffix seed 1 dyn_probe_every=3 dyn_relevance_threshold=0.9",
                "dynamic_suffix seed 1 dyn_probe_every=3 dyn_relevance_threshold=0.95",
                "dynamic_suffix seed 1 dyn_probe_every=5 dyn_relevance_threshold=0.9",
                "dynamic_suffix seed 1 dyn_probe_every=5 dyn_relevance_threshold=0.95"
            ])
        // The other schedules do not read these settings: one job each, nothing varies.
        let others = plan.jobs.filter { $0.schedule != .dynamicSuffix }.map(label.text).sorted()
        #expect(others == ["full_update seed 1", "static_suffix seed 1"])
    }

    /// A command's parameters have no default: a job without one shows nothing for it.
    @Test func aCommandJobWithoutAParameterShowsNoValueForIt() {
        let jobs = [
            Job(id: "a", schedule: nil, seed: 1, params: ["lr": .double(0.1)]),
            Job(id: "b", schedule: nil, seed: 1, params: [:])
        ]
        let label = JobLabel(plan: Plan(name: "t", jobs: jobs, runner: .command(["/bin/true", "{lr}"])))
        #expect(label.text(jobs[0]) == "seed 1 lr=0.1")
        #expect(label.text(jobs[1]) == "seed 1")
    }
}
