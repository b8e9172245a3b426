import BlocksweepTestSupport
import Foundation
import SweepKit
import Testing
import Vocabulary

@testable import SweepRunner

/// A done job whose result.json is gone or spoiled runs again, and `run`, `status` and `report`
/// say the same about every job (issue 8, point 3).
@Suite(.timeLimit(.minutes(10))) struct LostResultTests {
    /// Three ways to lose a finished result: the file deleted, the job's folder deleted, the
    /// file cut short.
    static func spoil(_ folder: ResultsFolder) throws {
        try FileManager.default.removeItem(atPath: folder.result("a"))
        try FileManager.default.removeItem(atPath: folder.jobFolder("b"))
        try Data("{\"config\": {".utf8).write(to: URL(fileURLWithPath: folder.result("c")))
    }

    @Test func aDoneJobWithoutAUsableResultRunsAgainAndEveryReaderAgrees() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let plan = box.plan(["a", "b", "c", "d"].map { (id: $0, mode: "ok", dependsOn: []) })
        #expect(try box.run(plan).done == 4)
        try Self.spoil(box.folder)

        // status: d done, the three others queued, each with why.
        let status = try SweepStatus.read(folder: box.folder)
        #expect(status.snapshot.done == 1 && status.snapshot.queued == 3)
        #expect(Set(status.problems.map(\.id)) == ["a", "b", "c"])
        #expect(
            status.problems.allSatisfy {
                $0.event == "queued" && $0.reason.contains("the next `blocksweep run` runs it again")
            })
        #expect(status.problems.first { $0.id == "c" }?.reason.hasPrefix("result.json is not a JSON object") == true)

        // report: the same three without a result, none of them counted as a run.
        let loaded = try ResultsLoader.load([box.folder.path])
        #expect(loaded.input.runs.count == 1)
        let unfinished = Dictionary(uniqueKeysWithValues: loaded.input.unfinished.map { ($0.id, $0) })
        #expect(
            unfinished["a"]?.state == .pending && unfinished["a"]?.reason.hasPrefix("result.json is missing") == true)
        #expect(unfinished["b"]?.state == .pending)
        #expect(unfinished["c"]?.state == .unreadable)
        #expect(unfinished["d"] == nil)

        // run: exactly those three run again, the journal saying why first.
        let outcome = try box.run(plan, retryFailed: true)
        #expect(outcome.done == 4 && outcome.failed == 0)
        for id in ["a", "b", "c"] {
            #expect(box.events(id) == [.started, .done, .failed, .started, .done], "\(id)")
            let lost = try #require(box.journal().first { $0.job == id && $0.event == .failed })
            #expect(lost.final == false)
            #expect(lost.reason?.hasPrefix("result lost: jobs/\(id)/result.json ") == true, "\(lost.reason ?? "")")
            #expect(JobStanding.resultProblem(at: box.folder.result(id)) == nil)
        }
        #expect(box.events("d") == [.started, .done])
        // The spoiled file is kept beside the new result, not thrown away.
        #expect(
            try String(contentsOfFile: box.folder.jobFolder("c") + "/result.unreadable.json", encoding: .utf8)
                == "{\"config\": {")

        let after = try SweepStatus.read(folder: box.folder)
        #expect(after.snapshot.done == 4 && after.problems.isEmpty)
        #expect(try ResultsLoader.load([box.folder.path]).input.unfinished.isEmpty)
        // Nothing left to do.
        _ = try box.run(plan)
        #expect(box.journal().filter { $0.event == .started }.count == 7)
    }

    @Test(arguments: [
        ("{}", true), (" {\"a\": [1, {\"b\": \"}]\\\"\"}]} \n", true),
        ("{\"config\": {", false), ("{\"a\": {\"b\": 1}", false), ("[1]", false), ("{}{}", false),
        ("{\"a\": [1}", false), ("null", false), ("{\"a\": \"}", false)
    ])
    func theCheapCheckTakesWholeObjectsOnly(text: String, whole: Bool) {
        #expect(JobStanding.isWholeObject(Data(text.utf8)) == whole, "\(text)")
    }

    /// A lost result is not the job's failure: re-running it does not use up its retries.
    @Test func aLostResultUsesNoRetry() {
        let records = JobRecord.replay([
            JournalEntry(time: "t", job: "a", event: .started, attempt: 1),
            JournalEntry(time: "t", job: "a", event: .done, attempt: 1),
            JournalEntry(
                time: "t", job: "a", event: .failed, attempt: 1,
                reason: JobRecord.lostResultPrefix + "jobs/a/result.json is missing; the job runs again", final: false)
        ])
        #expect(records["a"]?.failuresInBudget == 0)
        #expect(records["a"]?.isDone == false && records["a"]?.doneCount == 1)
    }

    /// A command without `{result}` leaves no result file: its done jobs stay done without one.
    @Test func aCommandThatWritesNoResultStaysDoneWithoutAFile() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let plan = Plan(
            name: "test", jobs: [Job(id: "quiet", schedule: nil, seed: 1, params: [:])],
            runner: .command(["/bin/sh", "-c", "exit 0"]), execution: ExecutionSettings(threads: 1))
        try box.folder.prepare(plan: plan, sweepSource: nil)
        let journal = try Journal(path: box.folder.journal)
        try journal.append(
            JournalEntry(time: Journal.timestamp(), job: "quiet", event: .started, attempt: 1), sync: true)
        try journal.append(JournalEntry(time: Journal.timestamp(), job: "quiet", event: .done, attempt: 1), sync: true)

        #expect(try SweepStatus.read(folder: box.folder).snapshot.done == 1)
        #expect(try ResultsLoader.load([box.folder.path]).input.unfinished.isEmpty)
        #expect(try box.run(plan).done == 1)
        #expect(box.events("quiet") == [.started, .done])
    }

    /// A run stopped between a failed attempt and its retry: queued for `status`, pending for
    /// the report (not "failed"), and run again by `run`.
    @Test func aJobWaitingForItsRetryIsQueuedEverywhere() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let plan = box.plan([(id: "flaky", mode: "ok", dependsOn: [])], retries: 1)
        try box.folder.prepare(plan: plan, sweepSource: nil)
        let journal = try Journal(path: box.folder.journal)
        try journal.append(
            JournalEntry(time: Journal.timestamp(), job: "flaky", event: .started, attempt: 1), sync: true)
        try journal.append(
            JournalEntry(
                time: Journal.timestamp(), job: "flaky", event: .failed, attempt: 1,
                reason: "exit status 1", final: false), sync: true)

        let status = try SweepStatus.read(folder: box.folder)
        #expect(status.snapshot.queued == 1 && status.snapshot.failed == 0)
        let unfinished = try #require(try ResultsLoader.load([box.folder.path]).input.unfinished.first)
        #expect(unfinished.state == .pending && unfinished.reason == "to run again (last attempt: exit status 1)")
        #expect(try box.run(plan).done == 1)
        #expect(box.events("flaky") == [.started, .failed, .started, .done])
    }
}
