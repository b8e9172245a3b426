import BlocksweepTestSupport
import Foundation
import SweepKit
import Testing
import Vocabulary

@testable import SweepRunner

/// A runner killed with SIGKILL wastes no running job: the next `run` adopts the jobs still
/// running and records the ones that ended meanwhile (issue 8, point 9).
@Suite(.timeLimit(.minutes(10))) struct AdoptionTests {
    /// `linger.sh RESULT MODE`: linger (waits until the test creates `release`, then writes a
    /// good result), hang (until killed, as a child of the shell), quiet (waits for `release`,
    /// then exits 0 with no result). Each ends on an event the test makes, never on a clock,
    /// so no step of a test races the job however slow the machine.
    static let script = #"""
        #!/bin/sh
        here=$(dirname "$0")
        await_release() { while [ ! -e "$here/release" ]; do sleep 0.02; done; }
        case "$2" in
          linger) await_release; cp "$here/good.json" "$1" ;;
          hang) sleep 600 ;;
          quiet) await_release ;;
        esac
        """#

    struct Setup {
        let box: Sandbox
        let arguments: [String]
        let folder: ResultsFolder

        /// Lets a `linger` or `quiet` job end.
        func release() { _ = FileManager.default.createFile(atPath: box.path + "/release", contents: nil) }
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
        let entry = try Eventually.value(of: "the job's started entry in \(setup.folder.journal)") {
            Journal.read(path: setup.folder.journal).first { $0.event == .started }
        }
        kill(runner.process.processIdentifier, SIGKILL)
        let outcome = runner.finish()
        #expect(outcome.reason == .uncaughtSignal)
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

        // The job ends only once the second runner has adopted it.
        let running = try BlocksweepBinary.Running(setup.arguments, in: setup.box.root)
        try running.waitForOutput("adopted \(started.job)")
        setup.release()
        let second = running.finish()
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
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
        setup.release()
        try Eventually.wait(for: "job \(started.job) (pid \(started.pid ?? 0)) to end") {
            !LeftoverProcess.isRunning(pid: started.pid, jobID: started.job)
        }
        #expect(FileManager.default.fileExists(atPath: setup.folder.partialResult(started.job, attempt: 1)))

        let second = try BlocksweepBinary.run(setup.arguments, in: setup.box.root)
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(!second.stdout.contains("] started ") && !second.stdout.contains("adopted"), "\(second.stdout)")
        #expect(Self.events(setup.folder) == [.started, .done])
        #expect(JobStanding.resultProblem(at: setup.folder.result(started.job)) == nil)
    }

    /// The timeout counts from the journal's start, not from the adoption: the journal says the
    /// job started an hour ago, so a 30-minute timeout has passed and the job is ended as soon as
    /// it is adopted. (Counted from the adoption, it would run on, past the test's patience.)
    @Test func anAdoptedJobStillTimesOut() throws {
        let setup = try Self.setup(mode: "hang", execution: "  timeout: 30m")
        defer { setup.box.remove() }
        let started = try Self.killRunnerWhileItsJobRuns(setup)
        defer { kill(-(started.pid ?? 0), SIGKILL) }
        let anHourAgo = Journal.timestamp(Date().addingTimeInterval(-3600))
        let journal = try String(contentsOfFile: setup.folder.journal, encoding: .utf8)
        try journal.replacingOccurrences(of: "\"time\":\"\(started.time)\"", with: "\"time\":\"\(anHourAgo)\"")
            .write(toFile: setup.folder.journal, atomically: true, encoding: .utf8)
        let second = try BlocksweepBinary.run(setup.arguments, in: setup.box.root)
        #expect(second.status == 1, "\(second.stdout)\(second.stderr)")
        let entries = Journal.read(path: setup.folder.journal)
        #expect(entries.first?.time == anHourAgo, "the journal was edited: \(entries)")
        #expect(entries.map(\.event) == [.started, .failed])
        #expect(entries.last?.reason == "timed out after 30m00s" && entries.last?.final == true, "\(entries)")
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
        try Eventually.wait(for: "'adopted' in the second runner's output") {
            ((try? String(contentsOf: output, encoding: .utf8)) ?? "").contains("adopted")
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
        setup.release()  // the edited job ends at once
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
        // The orphan is ended before the release; the attempt after it ends on the release.
        let running = try BlocksweepBinary.Running(setup.arguments, in: setup.box.root)
        try Eventually.wait(for: "attempt 2 of \(started.job) in the journal") {
            Journal.read(path: setup.folder.journal).contains { $0.event == .started && $0.attempt == 2 }
        }
        setup.release()
        _ = running.finish()
        let entries = Journal.read(path: setup.folder.journal)
        #expect(entries.count >= 3 && entries[1].event == .failed, "\(entries)")
        #expect(entries[1].reason == JobRecord.unknownEndReason && entries[1].final == false)
        #expect(entries[2].event == .started && entries[2].attempt == 2)
        #expect(!LeftoverProcess.isRunning(pid: started.pid, jobID: started.job))
    }
}
