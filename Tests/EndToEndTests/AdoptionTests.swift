import BlocksweepTestSupport
import Foundation
import SweepKit
import Testing
import Vocabulary

@testable import SweepRunner

/// A runner killed with SIGKILL wastes no running job: the next `run` adopts the jobs still
/// running and records the ones that ended meanwhile (issue 8, point 9).
@Suite(.timeLimit(.minutes(10))) struct AdoptionTests {
    /// `linger.sh RESULT MODE`: linger (2 s, then a good result), hang (30 s, as a child of
    /// the shell), quiet (2 s, exit 0, no result).
    static let script = #"""
        #!/bin/sh
        here=$(dirname "$0")
        case "$2" in
          linger) sleep 2; cp "$here/good.json" "$1" ;;
          hang) sleep 30 ;;
          quiet) sleep 2 ;;
        esac
        """#

    struct Setup {
        let box: Sandbox
        let arguments: [String]
        let folder: ResultsFolder
    }

    static func setup(mode: String, result: String = "{result}", execution: String = "") throws -> Setup {
        let box = try Sandbox()
        let script = box.root.appendingPathComponent("linger.sh")
        try Self.script.write(to: script, atomically: true, encoding: .utf8)
        let sweep = box.root.appendingPathComponent("linger.yaml")
        try """
        version: 1
        name: linger
        runner: {command: ["/bin/sh", "\(script.path)", "\(result)", "{mode}"]}
        base:
          mode: \(mode)
        seeds: [1]
        execution:
          threads: 1
          parallel: 1
          retries: 0
        \(execution)
        """.write(to: sweep, atomically: true, encoding: .utf8)
        return Setup(
            box: box, arguments: ["run", sweep.path, "--results", box.path + "/results"],
            folder: ResultsFolder(path: box.path + "/results/linger"))
    }

    /// Starts a runner, SIGKILLs it once its job has started, and returns that started entry.
    static func killRunnerWhileItsJobRuns(_ setup: Setup) throws -> JournalEntry {
        let runner = try BlocksweepBinary.Running(setup.arguments, in: setup.box.root)
        let deadline = Date().addingTimeInterval(20)
        var started: JournalEntry?
        while started == nil && Date() < deadline {
            started = Journal.read(path: setup.folder.journal).first { $0.event == .started }
            usleep(10_000)
        }
        kill(runner.process.processIdentifier, SIGKILL)
        let outcome = runner.finish()
        #expect(outcome.reason == .uncaughtSignal)
        let entry = try #require(started)
        #expect(LeftoverProcess.isRunning(pid: entry.pid, jobID: entry.job), "the job did not outlive its runner")
        return entry
    }

    static func events(_ folder: ResultsFolder) -> [JournalEntry.Event] {
        Journal.read(path: folder.journal).map(\.event)
    }

    @Test func aJobStillRunningIsAdoptedNotRunAgain() throws {
        let setup = try Self.setup(mode: "linger")
        defer { setup.box.remove() }
        let started = try Self.killRunnerWhileItsJobRuns(setup)

        let second = try BlocksweepBinary.run(setup.arguments, in: setup.box.root)
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(second.stdout.contains("adopted \(started.job)"), "\(second.stdout)")
        #expect(second.stdout.contains("on \(started.device ?? "?")"))
        #expect(!second.stdout.contains("] started "))
        #expect(Self.events(setup.folder) == [.started, .done])
        #expect(JobStanding.resultProblem(at: setup.folder.result(started.job)) == nil)
        #expect(!LeftoverProcess.isRunning(pid: started.pid, jobID: started.job))
    }

    /// `status` agrees with what the next run will do: the killed runner's job is running (and
    /// will be adopted), not queued.
    @Test func statusShowsAKilledRunnersJobAsRunning() throws {
        let setup = try Self.setup(mode: "hang")
        defer { setup.box.remove() }
        let started = try Self.killRunnerWhileItsJobRuns(setup)
        defer { kill(-(started.pid ?? 0), SIGKILL) }

        let status = try SweepStatus.read(folder: setup.folder)
        #expect(status.snapshot.running.map(\.id) == [started.job] && status.snapshot.queued == 0)
        let text = status.render()
        #expect(
            text.contains(
                "stopped: its runner died; 1 job still runs (run the same command again to adopt it and resume)"),
            "\(text)")
        #expect(
            text.split(separator: "\n").contains {
                $0.hasPrefix("  \(started.device ?? "?") ") && $0.contains(started.job)
            },
            "\(text)")
    }

    @Test func aJobThatEndedWhileNoRunnerWasAliveIsRecorded() throws {
        let setup = try Self.setup(mode: "linger")
        defer { setup.box.remove() }
        let started = try Self.killRunnerWhileItsJobRuns(setup)
        let deadline = Date().addingTimeInterval(10)
        while LeftoverProcess.isRunning(pid: started.pid, jobID: started.job) && Date() < deadline { usleep(20_000) }
        #expect(FileManager.default.fileExists(atPath: setup.folder.partialResult(started.job, attempt: 1)))

        let second = try BlocksweepBinary.run(setup.arguments, in: setup.box.root)
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(!second.stdout.contains("] started ") && !second.stdout.contains("adopted"), "\(second.stdout)")
        #expect(Self.events(setup.folder) == [.started, .done])
        #expect(JobStanding.resultProblem(at: setup.folder.result(started.job)) == nil)
    }

    /// The timeout counts from the journal's start, not from the adoption.
    @Test func anAdoptedJobStillTimesOut() throws {
        let setup = try Self.setup(mode: "hang", execution: "  timeout: 3s")
        defer { setup.box.remove() }
        let started = try Self.killRunnerWhileItsJobRuns(setup)
        let clock = Date()
        let second = try BlocksweepBinary.run(setup.arguments, in: setup.box.root)
        #expect(Date().timeIntervalSince(clock) < 8)
        #expect(second.status == 1, "\(second.stdout)\(second.stderr)")
        let entries = Journal.read(path: setup.folder.journal)
        #expect(entries.map(\.event) == [.started, .failed])
        #expect(entries.last?.reason == "timed out after 3s" && entries.last?.final == true)
        #expect(!LeftoverProcess.isRunning(pid: started.pid, jobID: started.job))
    }

    @Test func ctrlCStopsAnAdoptedJob() throws {
        let setup = try Self.setup(mode: "hang")
        defer { setup.box.remove() }
        let started = try Self.killRunnerWhileItsJobRuns(setup)
        // Its output goes to a file this test reads, to press Ctrl-C once the job is adopted.
        let output = setup.box.root.appendingPathComponent("second.txt")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let second = Process()
        second.executableURL = BlocksweepBinary.binary
        second.arguments = setup.arguments
        second.currentDirectoryURL = setup.box.root
        second.standardOutput = try FileHandle(forWritingTo: output)
        try second.run()
        let deadline = Date().addingTimeInterval(20)
        while !((try? String(contentsOf: output, encoding: .utf8)) ?? "").contains("adopted") && Date() < deadline {
            usleep(20_000)
        }
        second.interrupt()
        second.waitUntilExit()
        let stdout = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        #expect(second.terminationStatus == 130, "\(stdout)")
        #expect(stdout.contains("adopted \(started.job)"))
        let entries = Journal.read(path: setup.folder.journal)
        #expect(entries.map(\.event) == [.started, .failed])
        #expect(entries.last?.reason == JobRecord.interruptedReason && entries.last?.final == false)
        #expect(!LeftoverProcess.isRunning(pid: started.pid, jobID: started.job))
    }

    /// After an edit that drops the job, its process is ended, not left on the cores.
    @Test func aJobNoLongerPlannedIsEnded() throws {
        let setup = try Self.setup(mode: "hang")
        defer { setup.box.remove() }
        let started = try Self.killRunnerWhileItsJobRuns(setup)
        let sweep = setup.box.root.appendingPathComponent("linger.yaml")
        let edited = try String(contentsOf: sweep, encoding: .utf8).replacingOccurrences(
            of: "mode: hang", with: "mode: linger")
        try edited.write(to: sweep, atomically: true, encoding: .utf8)
        let second = try BlocksweepBinary.run(setup.arguments, in: setup.box.root)
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(!LeftoverProcess.isRunning(pid: started.pid, jobID: started.job))
        let old = Journal.read(path: setup.folder.journal).filter { $0.job == started.job }
        #expect(old.map(\.event) == [.started, .failed] && old.last?.reason == JobRecord.interruptedReason)
    }

    /// A command without `{result}` is judged by its exit status, which dies with the runner:
    /// the orphan is ended and the job runs again, the journal saying why.
    @Test func aJobWithoutAResultFileRunsAgainWithTheReason() throws {
        let setup = try Self.setup(mode: "quiet", result: "none")
        defer { setup.box.remove() }
        let started = try Self.killRunnerWhileItsJobRuns(setup)
        _ = try BlocksweepBinary.run(setup.arguments, in: setup.box.root)
        let entries = Journal.read(path: setup.folder.journal)
        #expect(entries.count >= 3 && entries[1].event == .failed, "\(entries)")
        #expect(entries[1].reason == JobRecord.unknownEndReason && entries[1].final == false)
        #expect(entries[2].event == .started && entries[2].attempt == 2)
        #expect(!LeftoverProcess.isRunning(pid: started.pid, jobID: started.job))
    }
}
