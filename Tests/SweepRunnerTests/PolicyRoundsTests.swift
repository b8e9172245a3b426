import Foundation
import SweepKit
import Testing
import Vocabulary

@testable import SweepRunner

/// The round-policy seam: PolicyRounds runs whatever a policy asks for, the same way for every
/// policy, and keeps what it added for a resume.
@Suite(.timeLimit(.minutes(10)))
struct PolicyRoundsTests {
    /// Adds one job per round until the plan has `rounds` jobs, each with its own reason.
    struct CountingPolicy: RoundPolicy {
        var rounds: Int
        func nextRound(after state: JudgedSweep) -> RoundDecision {
            let n = state.plan.jobs.count
            guard n < rounds else { return .finished }
            let job = Job(id: "j\(n + 1)", schedule: nil, seed: n + 1, params: ["x": .int(n + 1)])
            return .run(jobs: [job], reasons: [job.id: "round \(n + 1) of \(rounds)"], summary: "added \(job.id)")
        }
    }

    @Test func everyAddedJobRunsIsJournaledWithItsReasonAndIsRestored() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("rounds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("jobs"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = ResultsFolder(path: root.path)
        let first = Job(id: "j1", schedule: nil, seed: 1, params: ["x": .int(1)])
        let start = Plan(name: "t", jobs: [first], runner: .command(["true"]), execution: ExecutionSettings())
        var seen: [[String]] = []
        var said: [String] = []
        let rounds = PolicyRounds(policy: CountingPolicy(rounds: 3), folder: folder, say: { said.append($0) })
        let (plan, _) = try rounds.run(start) { (plan: Plan) throws(SweepRunError) -> RunOutcome in
            seen.append(plan.jobs.map(\.id))
            return RunOutcome()
        }
        #expect(seen == [["j1"], ["j1", "j2"], ["j1", "j2", "j3"]])
        #expect(plan.jobs.map(\.id) == ["j1", "j2", "j3"])
        #expect(said == ["added j2", "added j3"])
        let journal = try String(contentsOfFile: folder.journal, encoding: .utf8)
        #expect(journal.contains("round 2 of 3") && journal.contains("round 3 of 3"))
        // A resumed run starts from the plan with the added jobs, as the policy restores them.
        #expect(try rounds.restore(start).jobs.map(\.id) == ["j1", "j2", "j3"])
    }

    @Test func anInterruptedRoundEndsTheRoundsWithoutAskingThePolicy() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("rounds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let start = Plan(
            name: "t", jobs: [Job(id: "j1", schedule: nil, seed: 1, params: [:])], runner: .command(["true"]),
            execution: ExecutionSettings())
        var calls = 0
        let (plan, outcome) = try PolicyRounds(
            policy: CountingPolicy(rounds: 5), folder: ResultsFolder(path: root.path)
        )
        .run(start) { (_: Plan) throws(SweepRunError) -> RunOutcome in
            calls += 1
            var outcome = RunOutcome()
            outcome.interrupted = true
            return outcome
        }
        #expect(calls == 1 && outcome.interrupted && plan.jobs.count == 1)
        #expect(!FileManager.default.fileExists(atPath: ResultsFolder(path: root.path).addedJobsFile))
    }
}
