import BlocksweepTestSupport
import Foundation
import SweepKit
import Testing

@testable import SweepRunner

/// The scheduler on command-runner jobs: outcomes, failure reasons, retries, dependencies.
@Suite(.timeLimit(.minutes(10))) struct ExecutorTests {
    @Test func runsEveryJobOnceAndCommitsResults() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let plan = box.plan((1...5).map { (id: "job\($0)", mode: "ok", dependsOn: []) })
        let outcome = try box.run(plan)
        #expect(outcome.done == 5 && outcome.failed == 0 && outcome.exitCode == 0)
        for job in plan.jobs {
            #expect(box.events(job.id) == [.started, .done])
            #expect(FileManager.default.fileExists(atPath: box.folder.result(job.id)))
            #expect(!FileManager.default.fileExists(atPath: box.folder.partialResult(job.id, attempt: 1)))
        }
        #expect(try box.folder.readPlan() == plan)
    }

    @Test(arguments: [
        ("fail", "exit status 3: something broke in the job"),
        ("missing", "no result: the job exited 0 but wrote no result file"),
        ("garbage", "unusable result: not JSON")
    ])
    func recordsWhyAJobFailed(mode: String, reason: String) throws {
        let box = try Sandbox()
        defer { box.remove() }
        let outcome = try box.run(
            box.plan([(id: "bad", mode: mode, dependsOn: []), (id: "good", mode: "ok", dependsOn: [])]))
        #expect(outcome.failed == 1 && outcome.done == 1 && outcome.exitCode == 1)
        let failure = try #require(box.journal().last { $0.job == "bad" })
        #expect(failure.event == .failed && failure.final == true)
        #expect(failure.reason?.hasPrefix(reason) == true, "\(failure.reason ?? "nil")")
        #expect(!FileManager.default.fileExists(atPath: box.folder.result("bad")))
    }

    @Test func killsAHangingJobAtItsTimeout() throws {
        let box = try Sandbox()
        defer { box.remove() }
        // The job would sleep 10 minutes: the run ending at all is the timeout's doing.
        let outcome = try box.run(box.plan([(id: "hang", mode: "hang", dependsOn: [])], timeout: 0.5))
        #expect(outcome.failed == 1)
        let failure = try #require(box.journal().last)
        #expect(failure.reason?.hasPrefix("timed out after") == true && failure.final == true, "\(failure)")
        let pid = try #require(box.journal().first { $0.event == .started }?.pid)
        try Eventually.wait(for: "the timed-out job \(pid) to be gone") { !Self.isAlive(pid) }
    }

    /// What a job leaves in its process group ends with it, even a child that ignores the
    /// timeout's SIGTERM: it would take cores from the next job.
    @Test(arguments: ["straggler", "straggler-hang"])
    func aJobsLeftoverProcessesEndWithIt(mode: String) throws {
        let box = try Sandbox()
        defer { box.remove() }
        _ = try box.run(box.plan([(id: "s", mode: mode, dependsOn: [])], timeout: 0.5))
        let pidText = try String(contentsOfFile: box.path + "/straggler-s", encoding: .utf8)
        let pid = try #require(Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines)))
        defer { if Self.isAlive(pid) { kill(pid, SIGKILL) } }
        try Eventually.wait(for: "the job's background child \(pid) to end") { !Self.isAlive(pid) }
    }

    /// Alive and not a zombie (an orphan's zombie waits for an init that may not reap it).
    static func isAlive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return !stat[stat.index(close, offsetBy: 2)...].hasPrefix("Z")
    }

    /// A program that cannot start is a failed attempt like any other: retried, then failed
    /// with the reason (not mistaken for a dependency cycle).
    @Test func aProgramThatCannotStartFailsAfterItsRetries() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let plan = Plan(
            name: "test", jobs: [Job(id: "a", schedule: nil, seed: 1, params: [:])],
            runner: .command([box.path + "/no-such-program", "{result}"]),
            execution: ExecutionSettings(threads: 1, retries: 1))
        let outcome = try box.run(plan)
        #expect(outcome.failed == 1 && outcome.skipped == 0 && outcome.exitCode == 1)
        #expect(box.events("a") == [.started, .failed, .started, .failed])
        #expect(box.journal().last?.reason == "cannot start '\(box.path)/no-such-program': No such file or directory")
        #expect(box.journal().last?.final == true)
    }

    /// When the results folder cannot be written the run stops with the error, and ends the
    /// jobs it started instead of leaving them running unrecorded.
    @Test func aFatalErrorEndsTheRunningJobs() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let plan = box.plan([(id: "hang", mode: "hang", dependsOn: []), (id: "blocked", mode: "ok", dependsOn: [])])
        // A file where the second job's folder must go.
        try FileManager.default.createDirectory(atPath: box.folder.path + "/jobs", withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: box.folder.jobFolder("blocked")))
        #expect(throws: SweepRunError.self) { _ = try box.run(plan) }
        let started = try #require(box.journal().first { $0.job == "hang" && $0.event == .started }?.pid)
        try Eventually.wait(for: "the started job \(started) to end") { !Self.isAlive(started) }
    }

    @Test func retriesAFailedJob() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let outcome = try box.run(box.plan([(id: "flaky", mode: "flaky", dependsOn: [])], retries: 1))
        #expect(outcome.done == 1)
        let entries = box.journal()
        #expect(entries.map(\.event) == [.started, .failed, .started, .done])
        #expect(entries[1].final == false && entries[1].reason?.contains("first try fails") == true)
        #expect(entries.map(\.attempt) == [1, 1, 2, 2])
    }

    @Test func skipsDependentsOfAFailedBaseline() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let plan = box.plan([
            (id: "base", mode: "fail", dependsOn: []), (id: "dyn", mode: "ok", dependsOn: ["base"]),
            (id: "later", mode: "ok", dependsOn: ["dyn"]), (id: "other", mode: "ok", dependsOn: [])
        ])
        let outcome = try box.run(plan)
        #expect(outcome.failed == 1 && outcome.skipped == 2 && outcome.done == 1)
        let skip = try #require(box.journal().first { $0.job == "dyn" })
        #expect(skip.event == .skipped && skip.reason?.hasPrefix("baseline base failed: exit status 3") == true)
        #expect(box.events("later") == [.skipped])

        // A resume leaves them as they are without repeating the entries; --retry-failed tries again.
        _ = try box.run(plan)
        #expect(box.events("dyn") == [.skipped])
        #expect(box.events("base") == [.started, .failed])
        let retried = try box.run(plan, retryFailed: true)
        #expect(retried.failed == 1 && retried.skipped == 2)
        #expect(box.events("base") == [.started, .failed, .started, .failed])
    }

    @Test func waitsForTheBaselineAndPassesItsResult() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let plan = box.plan([(id: "dyn", mode: "ok", dependsOn: ["base"]), (id: "base", mode: "ok", dependsOn: [])])
        _ = try box.run(plan)
        let entries = box.journal()
        let baseDone = try #require(entries.firstIndex { $0.job == "base" && $0.event == .done })
        let dynStart = try #require(entries.firstIndex { $0.job == "dyn" && $0.event == .started })
        #expect(baseDone < dynStart)
    }

    @Test func afterAnEditOnlyNewJobsRunAndRetryFailedRerunsFailures() throws {
        let box = try Sandbox()
        defer { box.remove() }
        _ = try box.run(box.plan([(id: "a", mode: "ok", dependsOn: []), (id: "b", mode: "fail", dependsOn: [])]))
        let edited = box.plan([
            (id: "a", mode: "ok", dependsOn: []), (id: "b", mode: "fail", dependsOn: []),
            (id: "c", mode: "ok", dependsOn: [])
        ])
        let outcome = try box.run(edited)
        #expect(outcome.done == 2 && outcome.failed == 1)
        #expect(box.events("a") == [.started, .done])
        #expect(box.events("b") == [.started, .failed])
        #expect(box.events("c") == [.started, .done])
        _ = try box.run(edited, retryFailed: true)
        #expect(box.events("b") == [.started, .failed, .started, .failed])
        #expect(box.events("a") == [.started, .done])
    }

    @Test func aSecondRunnerOnTheSameFolderIsRefused() throws {
        let box = try Sandbox()
        defer { box.remove() }
        try FileManager.default.createDirectory(atPath: box.folder.path, withIntermediateDirectories: true)
        let holder = try RunLock(folder: box.folder.path)
        #expect(RunLock.isHeld(folder: box.folder.path))
        do {
            _ = try box.run(
                box.plan([(id: "a", mode: "ok", dependsOn: [])]),
                onStart: { Issue.record("a refused runner announced its start") })
            Issue.record("the second runner ran")
        } catch let error as SweepRunError {
            guard case .locked(let message) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(message.contains("in use by another blocksweep run (pid \(getpid())"))
        }
        #expect(!FileManager.default.fileExists(atPath: box.folder.journal))
        withExtendedLifetime(holder) {}
    }

    @Test func pinsCPUJobsAndSetsTheirThreadCount() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let core = try #require(MachineDevices.allowedCores().last)
        let probe = box.root.appendingPathComponent("probe.sh")
        try """
        #!/bin/sh
        grep Cpus_allowed_list /proc/self/status | tr -d '\\t' > "$1.env"
        echo "OPENBLAS=$OPENBLAS_NUM_THREADS OMP=$OMP_NUM_THREADS CUDA=[$CUDA_VISIBLE_DEVICES]" >> "$1.env"
        cp "\(box.path)/good.json" "$1"
        """.write(to: probe, atomically: true, encoding: .utf8)
        let plan = Plan(
            name: "test", jobs: [Job(id: "p", schedule: nil, seed: 1, params: [:])],
            runner: .command(["/bin/sh", probe.path, "{result}"]))
        _ = try box.run(plan, slots: [.cpu([core])])
        let env = try String(contentsOfFile: box.folder.partialResult("p", attempt: 1) + ".env", encoding: .utf8)
        #expect(env == "Cpus_allowed_list:\(core)\nOPENBLAS=1 OMP=1 CUDA=[]\n")
    }

    @Test func refusesRunnersAndBackendsThatDoNotExistYet() {
        var plan = Plan(name: "x", jobs: [], runner: .builtin)
        plan.execution.backend = .slurm(SlurmSettings(partition: "gpu"))
        do {
            _ = try RunnerSelection.make(for: plan, blocksweepPath: "/bin/true")
            Issue.record("slurm accepted by the local executor")
        } catch {
            #expect(error.description.contains("runs through the Slurm executor"))
        }
    }
}
