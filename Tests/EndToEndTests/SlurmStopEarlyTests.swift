import BlocksweepTestSupport
import Foundation
import SweepKit
import Testing
import Vocabulary

@testable import SweepRunner

/// A pruning round policy stops a job through Slurm as it does locally (StopEarlyTests): the
/// watcher reads the task's progress file on the shared folder, journals `stopped_early` with
/// the policy's reason, then cancels the task; the job is neither failed nor retried.
extension RealSlurm {
    @Suite(.timeLimit(.minutes(10))) struct SlurmStopEarlyTests {
        @Test func aHopelessTaskIsStoppedEarlyAndCancelledInSlurm() throws {
            try LocalSlurm.require()
            let root = try BlocksweepBinary.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: root) }
            try Sandbox.resultJSON(loss: 0.5).write(to: root.appendingPathComponent("good.json"))
            let script = root.appendingPathComponent("steps.sh").path
            try Sandbox.stepsScript.write(toFile: script, atomically: true, encoding: .utf8)
            let plan = Plan(
                name: "stop",
                jobs: [
                    Job(id: "good", schedule: nil, seed: 1, params: ["loss": .int(1)]),
                    Job(id: "hopeless", schedule: nil, seed: 1, params: ["loss": .int(9)])
                ],
                runner: .command(["/bin/sh", script, "{result}", "{loss}"]),
                execution: ExecutionSettings(threads: 1, retries: 2))
            let folder = ResultsFolder(path: root.appendingPathComponent("results/stop").path)
            let client = try #require(SlurmClient.find(environment: ProcessInfo.processInfo.environment))
            let runner = try RunnerSelection.runner(for: plan, blocksweepPath: BlocksweepBinary.binary.path)
            var options = SlurmRunOptions()
            options.blocksweepPath = BlocksweepBinary.binary.path
            options.progressPollSeconds = 0.05
            options.jobsToStop = { running in
                running.filter { ($0.last.loss ?? 0) > 5 && $0.last.step >= 2 }.map {
                    StopRequest(job: $0.job, reason: "loss \($0.last.loss!) after 3 steps or more: hopeless")
                }
            }
            let outcome = try SlurmExecutor(
                plan: plan, folder: folder, runner: runner, client: client, settings: SlurmSettings(),
                options: options
            ).run()
            #expect(outcome.done == 1 && outcome.stoppedEarly == 1 && outcome.failed == 0, "\(outcome.problems)")
            let hopeless = Journal.read(path: folder.journal).filter { $0.job == "hopeless" }
            #expect(hopeless.last?.event == .stoppedEarly, "\(hopeless)")
            #expect(hopeless.last?.reason == "loss 9.0 after 3 steps or more: hopeless")
            #expect(hopeless.filter { $0.event == .submitted }.count == 1)
            let task = try #require(hopeless.last?.slurm)
            // Slurm no longer runs it: the watcher cancelled it.
            try Eventually.wait(for: "task \(task) to leave Slurm's queue") {
                client.tasks(of: [SlurmTask.arrayID(of: task)])?[task].map { $0.state == .running } != true
            }
            #expect(
                JobStanding.all(plan: plan, folder: folder)[1]
                    == .stoppedEarly("loss 9.0 after 3 steps or more: hopeless"))
        }
    }
}
