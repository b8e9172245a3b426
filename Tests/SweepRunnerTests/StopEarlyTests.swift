import BlocksweepTestSupport
import Foundation
import SweepKit
import Testing
import Vocabulary

@testable import SweepRunner

/// A round policy that prunes asks the executor to stop a running job from its progress file:
/// the job ends as `stopped early` with the policy's reason, apart from failed, never retried,
/// and what requires it is skipped saying so.
@Suite(.timeLimit(.minutes(10)))
struct StopEarlyTests {
    @Test func aHopelessJobIsStoppedEarlyNotFailedNeverRetriedAndItsDependentsAreSkipped() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("stop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try Sandbox.resultJSON(loss: 0.5).write(to: root.appendingPathComponent("good.json"))
        let script = root.appendingPathComponent("steps.sh").path
        try Sandbox.stepsScript.write(toFile: script, atomically: true, encoding: .utf8)
        let plan = Plan(
            name: "stop",
            jobs: [
                Job(id: "good", schedule: nil, seed: 1, params: ["loss": .int(1)]),
                Job(id: "hopeless", schedule: nil, seed: 1, params: ["loss": .int(9)]),
                Job(id: "after", schedule: nil, seed: 1, params: ["loss": .int(1)], dependsOn: ["hopeless"])
            ],
            runner: .command(["/bin/sh", script, "{result}", "{loss}"]),
            execution: ExecutionSettings(threads: 1, retries: 2))
        let folder = ResultsFolder(path: root.appendingPathComponent("results/stop").path)
        let (runner, backend) = try RunnerSelection.make(for: plan, blocksweepPath: "/nonexistent")
        let cores = MachineDevices.allowedCores()
        let slots = [Slot.cpu([cores[0]]), Slot.cpu([cores[cores.count > 1 ? 1 : 0]])]
        var options = ExecutorOptions()
        options.progressPollSeconds = 0.02
        options.jobsToStop = { running in
            running.filter { ($0.last.loss ?? 0) > 5 && $0.last.step >= 2 }.map {
                StopRequest(job: $0.job, reason: "loss \($0.last.loss!) after 3 steps or more: hopeless")
            }
        }
        let outcome = try Executor(
            plan: plan, folder: folder, slots: slots, runner: runner, backend: backend, options: options
        ).run()
        #expect(outcome.done == 1 && outcome.stoppedEarly == 1 && outcome.failed == 0 && outcome.skipped == 1)
        let entries = Journal.read(path: folder.journal)
        let hopeless = entries.filter { $0.job == "hopeless" }
        #expect(hopeless.map(\.event) == [.started, .stoppedEarly], "\(hopeless)")
        #expect(hopeless.last?.reason == "loss 9.0 after 3 steps or more: hopeless")
        #expect(!FileManager.default.fileExists(atPath: folder.result("hopeless")))
        #expect(
            entries.first { $0.job == "after" }?.reason
                == "baseline hopeless was stopped early: loss 9.0 after 3 steps or more: hopeless")
        #expect(outcome.problems.map(\.event).sorted() == ["skipped", "stopped early"])

        // A resumed run, even one that retries what failed, leaves it stopped.
        var again = ExecutorOptions()
        again.retryFailed = true
        let resumed = try Executor(
            plan: plan, folder: folder, slots: slots, runner: runner, backend: backend, options: again
        ).run()
        #expect(resumed.stoppedEarly == 1 && resumed.doneThisRun == 0)
        #expect(Journal.read(path: folder.journal).filter { $0.job == "hopeless" && $0.event == .started }.count == 1)
        let standing = JobStanding.all(plan: plan, folder: folder)
        #expect(standing[1] == .stoppedEarly("loss 9.0 after 3 steps or more: hopeless"))
    }
}
