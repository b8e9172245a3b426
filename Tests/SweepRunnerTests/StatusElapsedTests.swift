import BlocksweepTestSupport
import Foundation
import SweepKit
import Testing
import Vocabulary

@testable import SweepRunner

/// `blocksweep status`'s elapsed time is the time runners worked on the sweep: the sum of
/// their sessions, never the days between two runs.
@Suite(.timeLimit(.minutes(10))) struct StatusElapsedTests {
    @Test func elapsedSumsTheSessionsNotTheGapBetweenThem() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let plan = box.plan([("a", "ok", []), ("b", "ok", [])])
        try FileManager.default.createDirectory(atPath: box.folder.path, withIntermediateDirectories: true)
        try box.folder.prepare(plan: plan, sweepSource: nil)
        let journal = try Journal(path: box.folder.journal)
        func add(_ job: String, _ event: JournalEntry.Event, _ time: String, session: String?) throws {
            try journal.append(
                JournalEntry(time: time, job: job, event: event, attempt: 1, device: "cpu:0", session: session),
                sync: false)
        }
        // First run: 60 s, then the runner is stopped. Three days later the second run: 30 s.
        let first = "2026-11-20T10:00:00Z"
        let second = "2026-11-23T10:00:00Z"
        try add("a", .started, "2026-11-20T10:00:01Z", session: first)
        try add("a", .failed, "2026-11-20T10:01:00Z", session: first)
        try add("a", .started, "2026-11-23T10:00:01Z", session: second)
        try add("a", .done, "2026-11-23T10:00:20Z", session: second)
        try add("b", .started, "2026-11-23T10:00:20Z", session: second)
        try add("b", .done, "2026-11-23T10:00:30Z", session: second)
        let status = try SweepStatus.read(folder: box.folder, now: try Date("2026-11-25T10:00:00Z", strategy: .iso8601))
        #expect(!status.live)
        #expect(status.snapshot.elapsed == 90)
        #expect(status.render().contains("90s elapsed") || status.render().contains("1m30s elapsed"))
    }

    @Test func journalsWithoutSessionsCountFromFirstToLast() {
        let entries = [
            JournalEntry(time: "2026-11-20T10:00:00Z", job: "a", event: .started, attempt: 1),
            JournalEntry(time: "2026-11-20T10:00:45Z", job: "a", event: .done, attempt: 1)
        ]
        #expect(JournalReplay(entries).runningTime(liveSession: nil, now: Date()) == 45)
    }

    @Test func theLiveSessionRunsToNow() throws {
        let entries = [
            JournalEntry(
                time: "2026-11-20T10:00:05Z", job: "a", event: .done, attempt: 1, session: "2026-11-20T10:00:00Z"),
            JournalEntry(
                time: "2026-11-22T10:00:10Z", job: "b", event: .started, attempt: 1, session: "2026-11-22T10:00:00Z")
        ]
        let now = try Date("2026-11-22T10:01:00Z", strategy: .iso8601)
        #expect(JournalReplay(entries).runningTime(liveSession: "2026-11-22T10:00:00Z", now: now) == 5 + 60)
        // A runner that has written nothing yet still counts from its start.
        #expect(
            JournalReplay(Array(entries.prefix(1))).runningTime(liveSession: "2026-11-22T10:00:00Z", now: now) == 5 + 60
        )
    }

    /// Every entry a runner writes carries its session, the start run.lock records.
    @Test func theRunnerStampsItsSessionOnEveryEntry() throws {
        let box = try Sandbox()
        defer { box.remove() }
        #expect(try box.run(box.plan([("a", "ok", []), ("b", "ok", [])])).done == 2)
        let sessions = Set(box.journal().map(\.session))
        #expect(sessions.count == 1)
        #expect(sessions.first! != nil && sessions.first! == RunLock.started(folder: box.folder.path))
    }
}
