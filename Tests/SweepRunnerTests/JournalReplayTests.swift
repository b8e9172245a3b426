import Foundation
import Testing
import Vocabulary

@testable import SweepRunner

/// `run`, `status` and `report` read the journal through one replay.
@Suite(.timeLimit(.minutes(10))) struct JournalReplayTests {
    @Test func oneReplayGivesRecordsDevicesAndAttemptTimes() {
        let entries = [
            JournalEntry(time: "2026-11-20T10:00:00Z", job: "a", event: .started, attempt: 1, device: "cpu:0"),
            JournalEntry(time: "2026-11-20T10:00:10Z", job: "a", event: .failed, attempt: 1, reason: "exit 1"),
            JournalEntry(time: "2026-11-20T10:00:20Z", job: "a", event: .started, attempt: 2, device: "cpu:1"),
            JournalEntry(time: "2026-11-20T10:00:50Z", job: "a", event: .done, attempt: 2),
            JournalEntry(time: "2026-11-20T10:00:30Z", job: "b", event: .skipped, attempt: 0, reason: "needs a")
        ]
        let replay = JournalReplay(entries)
        #expect(replay.devices == ["cpu:0", "cpu:1"])
        let a = replay.records["a"]
        #expect(a?.lastStarted == "2026-11-20T10:00:20Z" && a?.lastTime == "2026-11-20T10:00:50Z")
        #expect(a?.isDone == true && a?.attempts == 2 && a?.doneSeconds == 30)
        #expect(replay.records["b"]?.lastEvent == .skipped && replay.records["b"]?.lastStarted == nil)
        #expect(JobRecord.replay(entries) == replay.records)
        #expect(replay.runningTime(liveSession: nil, now: Date()) == 50)
    }

    /// No reader folds journal entries its own way: only JournalReplay reads journal.jsonl.
    @Test func onlyTheReplayReadsTheJournal() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let files =
            FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") } ?? []
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            if text.contains("Journal.read(") || text.contains("journal.jsonl\")") {
                #expect(file.hasSuffix("JournalReplay.swift"), "\(file) reads the journal itself")
            }
        }
    }
}
