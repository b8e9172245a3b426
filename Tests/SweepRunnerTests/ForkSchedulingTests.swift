import BlocksweepTestSupport
import Foundation
import SweepKit
import Testing

@testable import SweepRunner

/// The job a run forks from is waited for but not required: when it fails, the job that would
/// have forked from it still runs (from step 0, or an earlier source), never skipped.
@Suite(.timeLimit(.minutes(10))) struct ForkSchedulingTests {
    @Test func aFailedForkSourceDoesNotSkipItsDependent() throws {
        let box = try Sandbox()
        defer { box.remove() }
        var plan = box.plan([
            (id: "source", mode: "fail", dependsOn: []), (id: "dependent", mode: "ok", dependsOn: [])
        ])
        plan.jobs[1].forkFrom = "source"
        #expect(plan.jobs[1].prerequisites == ["source"] && plan.jobs[1].requirements.isEmpty)
        let outcome = try box.run(plan)
        #expect(outcome.failed == 1 && outcome.done == 1 && outcome.skipped == 0)
        // It waited for its source to end first.
        let journal = box.journal()
        let sourceEnd = try #require(journal.firstIndex { $0.job == "source" && $0.event == .failed })
        let dependentStart = try #require(journal.firstIndex { $0.job == "dependent" && $0.event == .started })
        #expect(sourceEnd < dependentStart)
    }
}
