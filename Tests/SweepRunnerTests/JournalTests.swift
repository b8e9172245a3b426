import Foundation
import SweepKit
import Testing
import Vocabulary

@testable import SweepRunner

@Suite(.timeLimit(.minutes(10))) struct JournalTests {
    func entry(_ job: String, _ event: JournalEntry.Event, attempt: Int = 1, reason: String? = nil, final: Bool? = nil)
        -> JournalEntry
    {
        JournalEntry(
            time: "2026-01-01T00:00:00Z", job: job, event: event, attempt: attempt, reason: reason, final: final)
    }

    @Test func dropsALineCutShortByACrash() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString).jsonl")
            .path
        defer { unlink(path) }
        do {
            let journal = try Journal(path: path)
            try journal.append(entry("a", .started), sync: true)
            try journal.append(entry("a", .done), sync: true)
        }
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("{\"job\":\"b\",\"ev".utf8))
        try handle.close()
        #expect(Journal.read(path: path).count == 2)
        let reopened = try Journal(path: path)
        try reopened.append(entry("b", .started), sync: true)
        #expect(Journal.read(path: path).map(\.job) == ["a", "a", "b"])
        #expect(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count == 3)
    }

    @Test func replayCountsRetriesButNotInterruptions() {
        let records = JobRecord.replay([
            entry("a", .started), entry("a", .failed, reason: "exit status 1", final: false),
            entry("a", .started, attempt: 2),
            entry("a", .failed, attempt: 2, reason: JobRecord.interruptedReason, final: false),
            entry("a", .started, attempt: 3),
            entry("b", .started), entry("b", .failed, reason: "x", final: true),
            entry("c", .started), entry("c", .done)
        ])
        #expect(records["a"]?.failuresInBudget == 1)
        #expect(records["a"]?.attempts == 3)
        #expect(records["a"]?.running != nil)
        #expect(records["b"]?.failedForGood == true && records["b"]?.failuresInBudget == 0)
        #expect(records["c"]?.doneCount == 1 && records["c"]?.running == nil)
    }

    @Test func timestampsAreWholeSecondUTC() {
        #expect(Journal.timestamp(Date(timeIntervalSince1970: 1_772_000_000.7)) == "2026-02-25T06:13:20Z")
        #expect(Journal.date(from: "2026-02-25T06:13:20Z") == Date(timeIntervalSince1970: 1_772_000_000))
    }
}
