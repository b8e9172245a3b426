import Foundation
import Testing
import Vocabulary

@testable import SweepRunner

@Suite(.timeLimit(.minutes(10))) struct ProgressTests {
    static let now = Date(timeIntervalSince1970: 1_000_000)

    static var snapshot: ProgressSnapshot {
        var s = ProgressSnapshot()
        s.total = 40
        s.done = 12
        s.failed = 1
        s.queued = 26
        s.running = [
            .init(
                id: "dyn-1", label: "dynamic_suffix seed 1", device: "cpu:0", since: now.addingTimeInterval(-42),
                attempt: 2)
        ]
        s.devices = ["cpu:0", "cpu:1"]
        s.elapsed = 192
        s.eta = 485
        return s
    }

    @Test func terminalFrameShowsCountsTimesAndALinePerDevice() {
        let frame = TerminalProgress(width: 120) { _ in }.frame(Self.snapshot, now: Self.now)
        #expect(
            frame == [
                "[#########.....................] 12/40 done · 1 failed · 1 running · 26 queued · 3m12s elapsed · ETA 8m05s",
                "  cpu:0     dyn-1  dynamic_suffix seed 1 (attempt 2)  42s",
                "  cpu:1     idle"
            ])
    }

    /// Every line fits the terminal (a wrapped line would break redrawing in place); the bar
    /// shrinks, then goes, before the counts are cut.
    @Test(arguments: [
        (100, "[#######................] 12/40 done · 1 failed · 1 running · 26 queued · 3m12s elapsed · ETA 8m05s"),
        (90, "[####.........] 12/40 done · 1 failed · 1 running · 26 queued · 3m12s elapsed · ETA 8m05s"),
        (80, "12/40 done · 1 failed · 1 running · 26 queued · 3m12s elapsed · ETA 8m05s"),
        (40, "12/40 done · 1 failed · 1 running · 26 …")
    ])
    func terminalFrameFitsTheWidth(width: Int, top: String) {
        var s = Self.snapshot
        s.running[0].label = String(repeating: "x", count: 150)
        let frame = TerminalProgress(width: width) { _ in }.frame(s, now: Self.now)
        #expect(frame.first == top)
        #expect(frame.allSatisfy { $0.count <= width })
    }

    @Test func plainOutputIsOneLinePerEvent() {
        var lines: [String] = []
        let plain = PlainProgress { lines.append($0) }
        plain.event(
            ProgressEvent(
                kind: .failed, jobID: "full-1", label: "full_update seed 2", device: "cpu:1",
                reason: "exit status 1: boom", seconds: 3, attempt: 2), Self.snapshot)
        plain.tick(Self.snapshot)
        #expect(lines == ["[12/40] failed full-1 full_update seed 2 (attempt 2) on cpu:1 (3s): exit status 1: boom"])
    }

    @Test(arguments: [(0.4, "0s"), (59, "59s"), (61, "1m01s"), (3599, "59m59s"), (7260, "2h01m")])
    func durations(seconds: Double, text: String) {
        #expect(NumberText.duration(seconds) == text)
    }
}
