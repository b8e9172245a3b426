import Testing

@testable import SweepRunner

/// `status` of an adaptive-seeds sweep while it runs: its counts and ETA cover the round under
/// way, and more rounds may follow (trial D8: it read as the whole sweep's).
@Suite(.timeLimit(.minutes(10))) struct StatusAdaptiveSeedsTests {
    @Test func aRunningAdaptiveSweepSaysItsCountsAreThisRounds() {
        var snapshot = ProgressSnapshot()
        snapshot.total = 4
        snapshot.done = 1
        var status = SweepStatus(name: "s", snapshot: snapshot, live: true, problems: [])
        #expect(!status.render().contains("adaptive seeds"))
        status.adaptive = true
        #expect(status.render().hasPrefix("s: running (adaptive seeds: the counts and ETA are this round's"))
    }
}
