import Foundation
import SweepKit
import Testing
import Vocabulary

@testable import SweepRunner

/// How jobs become Slurm arrays and dependencies, the state names Slurm prints, and the
/// resources asked of sbatch.
@Suite(.timeLimit(.minutes(10))) struct SlurmArrayPlanTests {
    static func job(_ id: String, after: [String] = [], calibration: String? = nil) -> Job {
        Job(id: id, schedule: nil, seed: 1, params: [:], dependsOn: after, calibration: calibration)
    }

    @Test func independentJobsGoAsOneArrayCappedByTheParallelLimit() {
        let plan = SlurmArrayPlan(jobs: (0..<5).map { Self.job("j\($0)") }) { _ in .inSet }
        #expect(plan.arrays.count == 1)
        #expect(plan.arrays[0].tasks.map(\.job) == ["j0", "j1", "j2", "j3", "j4"])
        #expect(plan.arrays[0].arraySpec(limit: 2) == "0-4%2")
        #expect(plan.arrays[0].arraySpec(limit: nil) == "0-4")
        #expect(plan.arrays[0].arraySpec(limit: 9) == "0-4")
        #expect(SlurmArrayPlan.dependencyText(plan.arrays[0].dependencies, arrayIDs: ["7"]) == nil)
    }

    /// The calibration first, alone; baselines after it (afterok); each equal-time job after its
    /// own baseline (aftercorr, same task index), so one failed baseline holds back only its own.
    @Test func calibrationThenBaselinesThenTheirDependents() {
        let jobs = [
            Self.job("cal-1"),
            Self.job("full-a", calibration: "cal-1"), Self.job("static-a", after: ["full-a"], calibration: "cal-1"),
            Self.job("dyn-a", after: ["full-a"], calibration: "cal-1"),
            Self.job("full-b", calibration: "cal-1"), Self.job("static-b", after: ["full-b"], calibration: "cal-1")
        ]
        let plan = SlurmArrayPlan(jobs: jobs) { _ in .inSet }
        #expect(plan.arrays.count == 4)
        #expect(plan.arrays[0].tasks.map(\.job) == ["cal-1"])
        #expect(plan.arrays[0].oneAtATime)
        #expect(plan.arrays[1].tasks.map(\.job) == ["full-a", "full-b"])
        #expect(plan.arrays[1].dependencies == [.afterOKArray(0)])
        #expect(plan.arrays[2].tasks.map(\.index) == [0, 1])
        #expect(plan.arrays[2].tasks.map(\.job) == ["static-a", "static-b"])
        #expect(plan.arrays[2].dependencies == [.afterCorresponding(1)])
        #expect(plan.arrays[3].tasks.map(\.index) == [0])
        #expect(plan.arrays[3].tasks.map(\.job) == ["dyn-a"])
        let ids = ["10", "11", "12", "13"]
        #expect(SlurmArrayPlan.dependencyText(plan.arrays[1].dependencies, arrayIDs: ids) == "afterok:10")
        #expect(SlurmArrayPlan.dependencyText(plan.arrays[3].dependencies, arrayIDs: ids) == "aftercorr:11")
        #expect(plan.arrays[0].arraySpec(limit: 4) == "0")
    }

    /// Prefix forking: a dependent waits on its baseline as any equal-time job does (aftercorr,
    /// or afterok on its task), and on a fork source that it does not require with `afterany`
    /// on that source's task, so a sibling that fails or is cancelled never holds it back; the
    /// whole chain (sibling, its source, …) is waited on. A source already ended adds nothing.
    @Test func forkSourcesAreWaitedOnWithAfterAnyPerTask() {
        func dynamic(_ id: String, after: [String] = [], forkFrom: String) -> Job {
            var job = Self.job(id, after: after)
            job.forkFrom = forkFrom
            return job
        }
        let jobs = [
            Self.job("full-a"), Self.job("full-b"),
            dynamic("dyn-a1", after: ["full-a"], forkFrom: "full-a"),
            dynamic("dyn-a2", after: ["full-a"], forkFrom: "dyn-a1"),
            dynamic("dyn-b1", forkFrom: "full-b"),
            dynamic("dyn-b2", forkFrom: "dyn-b1"),
            dynamic("dyn-x", forkFrom: "dyn-old")
        ]
        let chains = ["dyn-a2": ["dyn-a1", "full-a"], "dyn-b2": ["dyn-b1", "full-b"], "dyn-x": ["dyn-old", "full-x"]]
        let plan = SlurmArrayPlan(
            jobs: jobs, forkSources: { chains[$0.id] ?? $0.forkFrom.map { [$0] } ?? [] },
            standing: { id in id == "dyn-old" ? .submitted("5_3") : .done })
        func array(of job: String) -> SlurmArrayPlan.Array? {
            plan.arrays.first { $0.tasks.contains { $0.job == job } }
        }
        let ids = plan.arrays.indices.map { "\(10 + $0)" }
        func text(_ job: String) -> String? {
            array(of: job).flatMap { SlurmArrayPlan.dependencyText($0.dependencies, arrayIDs: ids) }
        }
        #expect(array(of: "full-a")?.tasks.map(\.job) == ["full-a", "full-b"])
        #expect(text("dyn-a1") == "aftercorr:10", "its source is its requirement: as before")
        #expect(array(of: "dyn-a2")?.tasks.count == 1)
        #expect(text("dyn-a2") == "afterok:10_0,afterany:11_0", "\(plan.arrays)")
        #expect(text("dyn-b1") == "afterany:10_1")
        #expect(text("dyn-b2") == "afterany:\(ids[plan.arrays.firstIndex { $0 == array(of: "dyn-b1") }!])_0:10_1")
        #expect(text("dyn-x") == "afterany:5_3", "full-x ended: only the sibling still in Slurm is waited on")
    }

    /// A sparse array keeps its baseline's indices; one waiting on a task submitted earlier
    /// names that task.
    @Test func sparseIndicesAndEarlierTasks() {
        let jobs = [
            Self.job("full-a"), Self.job("full-b"), Self.job("full-c"), Self.job("static-c", after: ["full-c"]),
            Self.job("static-x", after: ["full-x"])
        ]
        let plan = SlurmArrayPlan(jobs: jobs) { id in id == "full-x" ? .submitted("5_3") : .inSet }
        let corr = plan.arrays.first { $0.tasks.map(\.job) == ["static-c"] }
        #expect(corr?.tasks.map(\.index) == [2])
        #expect(corr?.arraySpec(limit: nil) == "2")
        let outside = plan.arrays.first { $0.tasks.map(\.job) == ["static-x"] }
        #expect(outside?.dependencies == [.afterOKSubmitted("5_3")])
        #expect(SlurmArrayPlan.dependencyText(outside!.dependencies, arrayIDs: []) == "afterok:5_3")
        let sparse = SlurmArrayPlan.Array(
            tasks: [(0, "a"), (2, "b"), (5, "c")], dependencies: [], oneAtATime: false)
        #expect(sparse.arraySpec(limit: 2) == "0,2,5%2")
    }

    @Test func largePlansSplitIntoArraysOfAtMostTheMaximumSize() {
        let plan = SlurmArrayPlan(jobs: (0..<5).map { Self.job("j\($0)") }, maxArraySize: 2) { _ in .inSet }
        #expect(plan.arrays.map(\.tasks.count) == [2, 2, 1])
        #expect(plan.arrays.flatMap { $0.tasks.map(\.job) } == ["j0", "j1", "j2", "j3", "j4"])
    }

    @Test(arguments: [
        ("PENDING", SlurmState.queued), ("REQUEUED", .queued), ("RUNNING", .running), ("COMPLETING", .running),
        ("COMPLETED", .completed), ("FAILED", .failed("FAILED")), ("OUT_OF_MEMORY", .failed("OUT_OF_MEMORY")),
        ("TIMEOUT", .timedOut), ("CANCELLED", .cancelled), ("CANCELLED by 0", .cancelled),
        ("NODE_FAIL", .lost("NODE_FAIL")), ("PREEMPTED", .lost("PREEMPTED")), ("BOOT_FAIL", .lost("BOOT_FAIL"))
    ])
    func slurmStatesMapToWhatTheyMeanForTheAttempt(name: String, state: SlurmState) {
        #expect(SlurmState(name) == state)
        #expect(SlurmState(name).isFinal == (state != .queued && state != .running))
    }

    @Test func squeueLinesParse() {
        #expect(
            SlurmTask.parseQueueLine("12_3|PENDING|DependencyNeverSatisfied|")
                == SlurmTask(id: "12_3", state: .queued, reason: "DependencyNeverSatisfied", node: nil))
        #expect(
            SlurmTask.parseQueueLine("12_0|RUNNING|None|node7") == SlurmTask(id: "12_0", state: .running, node: "node7")
        )
        #expect(SlurmTask.parseQueueLine("12_[4-9%2]|PENDING|JobArrayTaskLimit|") == nil)
        #expect(SlurmTask.parseQueueLine("13|RUNNING|None|n") == nil)
        #expect(SlurmTask.arrayID(of: "12_3") == "12")
    }

    @Test func resourcesComeFromTheSweepFile() {
        var plan = Plan(name: "x", jobs: [], runner: .command(["run", "{result}"]))
        plan.execution.threads = 4
        plan.execution.timeoutSeconds = 61
        plan.execution.devices = [.cuda(index: nil)]
        let settings = SlurmSettings(partition: "gpu", account: "lab", sbatchArgs: ["--mem=4G", "--qos=low"])
        #expect(
            SlurmResources.arguments(for: plan, settings: settings, runner: CommandRunner(template: ["run"]))
                == [
                    "--cpus-per-task=4", "--gres=gpu:1", "--time=2", "--partition=gpu", "--account=lab", "--mem=4G",
                    "--qos=low"
                ])
        plan.execution.devices = nil
        plan.execution.timeoutSeconds = nil
        #expect(
            SlurmResources.arguments(for: plan, settings: SlurmSettings(), runner: CommandRunner(template: ["run"]))
                == ["--cpus-per-task=4"])
        #expect(SlurmResources.timeLimit(10) == "1")
        #expect(SlurmResources.timeLimit(60) == "1")
    }

    /// The launcher keeps the timeout to the second (SlurmBackendTests checks that, for real);
    /// Slurm's own TIMEOUT, at the minute it rounds the timeout up to, is worded as its backstop.
    @Test func aSlurmTimeoutSaysItWasSlurmsLimit() {
        #expect(
            SlurmExecutor.slurmTimeoutReason(5, task: "12_0")
                == "timed out after 5s (Slurm's limit: 1 min; Slurm TIMEOUT, task 12_0)")
        #expect(SlurmExecutor.slurmTimeoutReason(nil, task: "12_0") == "timed out (Slurm TIMEOUT, task 12_0)")
    }

    /// A submitted attempt is open (queued) with its task id; a NODE_FAIL requeue uses no retry.
    @Test func journalReplaysSubmissionsAndFreeRequeues() {
        let t = "2026-01-01T00:00:00Z"
        var record = JobRecord()
        record.apply(JournalEntry(time: t, job: "a", event: .submitted, attempt: 1, slurm: "9_0"))
        #expect(record.running?.slurm == "9_0")
        #expect(record.running?.queued == true)
        record.apply(JournalEntry(time: t, job: "a", event: .started, attempt: 1, device: "slurm 9_0@n", slurm: "9_0"))
        #expect(record.running?.queued == false)
        record.apply(
            JournalEntry(
                time: t, job: "a", event: .failed, attempt: 1, reason: JobRecord.requeuedPrefix + "Slurm NODE_FAIL",
                final: false, slurm: "9_0"))
        #expect(record.failuresInBudget == 0)
        #expect(record.running == nil)
        record.apply(
            JournalEntry(time: t, job: "a", event: .failed, attempt: 2, reason: "exit status 3", final: false))
        #expect(record.failuresInBudget == 1)
    }
}
