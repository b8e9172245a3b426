import BlocksweepTestSupport
import Foundation
import SweepKit
import Synchronization
import Testing

@testable import SweepRunner

/// A disk that fills mid-sweep stops the run (exit 3) instead of failing every job left, and
/// costs no job a retry: run again once there is space, and they all run.
@Suite(.timeLimit(.minutes(10))) struct DiskFullTests {
    static func plan(_ modes: [String], retries: Int = 1) -> Plan {
        Plan(
            name: "test",
            jobs: modes.enumerated().map {
                Job(id: "j\($0.offset)", schedule: nil, seed: 1, params: ["mode": .string($0.element)])
            },
            runner: .command(["/bin/sh", "{script}", "{result}", "{mode}"]),
            execution: ExecutionSettings(threads: 1, parallel: 1, retries: retries))
    }

    static func withScript(_ plan: Plan, _ box: Sandbox) -> Plan {
        var plan = plan
        plan.runner = .command(["/bin/sh", box.script, "{result}", "{mode}"])
        return plan
    }

    @Test func aFullDiskStopsTheRunBeforeAnyJobStarts() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let error = #expect(throws: SweepRunError.self) {
            try box.run(Self.withScript(Self.plan(["ok", "ok"]), box), freeBytes: { _ in 0 })
        }
        #expect(error?.description.hasPrefix("no space left on the disk that holds \(box.folder.path)") == true)
        #expect(!box.journal().contains { $0.event == .started })
    }

    @Test func aJobThatFailsOnAFullDiskIsNotCountedAndRunsAgain() throws {
        let box = try Sandbox()
        defer { box.remove() }
        // Space for the first launch; the disk is full by the time the job ends. One slot, so
        // j1 cannot run (and end done) beside j0 before the run stops: under load it did.
        let calls = Atomic<Int>(0)
        let plan = Self.withScript(Self.plan(["missing", "ok"], retries: 0), box)
        let one = [Slot.cpu([MachineDevices.allowedCores()[0]])]
        #expect(throws: SweepRunError.self) {
            try box.run(
                plan, slots: one, freeBytes: { _ in calls.add(1, ordering: .relaxed).newValue == 1 ? 1 << 30 : 0 })
        }
        let failure = try #require(box.journal().last)
        #expect(failure.event == .failed && failure.final == false)
        #expect(failure.reason?.hasPrefix(JobRecord.diskFullPrefix + "no result") == true, "\(failure.reason ?? "nil")")
        #expect(!box.journal().contains { $0.final == true })
        #expect(JobRecord.replay(box.journal())["j0"]?.failuresInBudget == 0)

        // Space again: both run; j0's attempt on the full disk used none of its (zero) retries.
        let outcome = try box.run(Self.withScript(Self.plan(["ok", "ok"], retries: 0), box))
        #expect(outcome.done == 2 && outcome.failed == 0)
    }

    /// A write that met the full disk freed its partial file before the job ended, so the disk
    /// has room again when the runner looks; the job's own words ("No space left on device")
    /// still say what happened, and the attempt does not count (a fork snapshot, trial F10).
    @Test func aJobThatSaysItsDiskWasFullIsNotCountedEvenWhenSpaceIsBack() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let one = [Slot.cpu([MachineDevices.allowedCores()[0]])]
        let error = #expect(throws: SweepRunError.self) {
            try box.run(Self.withScript(Self.plan(["enospc", "ok"], retries: 0), box), slots: one)
        }
        #expect(error?.description.hasPrefix("no space left on the disk") == true, "\(String(describing: error))")
        let failure = try #require(box.journal().last)
        #expect(failure.event == .failed && failure.final == false)
        #expect(failure.reason?.hasPrefix(JobRecord.diskFullPrefix) == true, "\(failure.reason ?? "nil")")
        #expect(JobRecord.replay(box.journal())["j0"]?.failuresInBudget == 0)

        let outcome = try box.run(Self.withScript(Self.plan(["ok", "ok"], retries: 0), box))
        #expect(outcome.done == 2 && outcome.failed == 0)
    }

    /// A full disk elsewhere (/dev/shm, a scratch quota) while the results disk has room is the
    /// job's own failure: it counts, the run goes on, and the reason quotes the job (review F6).
    @Test func aFullDiskElsewhereIsTheJobsOwnFailure() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let outcome = try box.run(
            Self.withScript(Self.plan(["enospc-elsewhere", "ok"], retries: 0), box), freeBytes: { _ in 1 << 40 })
        #expect(outcome.done == 1 && outcome.failed == 1)
        let failure = try #require(box.journal().first { $0.event == .failed })
        #expect(failure.final == true && failure.reason?.contains("/dev/shm/x") == true, "\(failure)")
    }

    /// A path in the job's words may be long (the engine names the fork folder twice): the
    /// whole line is read, not the 200 characters a failure reason keeps (review F2).
    @Test func theWholeLineIsReadNotTheReasonsCut() {
        let folder = "/results/" + String(repeating: "x", count: 300)
        let line =
            "error: --fork-dir \(folder)/forks/f: cannot write \(folder)/forks/f/step-50.snapshot.tmp-1: "
            + "No space left on device"
        #expect(DiskSpace.jobMetFullResultsDisk(errorLine: line, folder: folder, freeBytes: 1 << 40))
        #expect(
            !DiskSpace.jobMetFullResultsDisk(
                errorLine: String(line.prefix(200)) + "…", folder: folder, freeBytes: 1 << 40))
        #expect(
            DiskSpace.jobMetFullResultsDisk(
                errorLine: "OSError: [Errno 28] No space left on device", folder: folder, freeBytes: 1 << 20))
    }
}
