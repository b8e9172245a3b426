import Testing

@testable import SweepRunner

/// The line `run` ends with when jobs forked: readable for a tiny sweep and a long one alike,
/// and honest about a run that computed no job (issue 18, point 6.5).
@Suite(.timeLimit(.minutes(10))) struct ForkSavingsTextTests {
    @Test func aSmallSweepShowsHundredthsOfASecond() {
        var savings = ForkSavings()
        (savings.savedMs, savings.totalMs, savings.forkedJobs) = (120, 300, 4)
        #expect(
            savings.text(peakBytes: nil)
                == "compute saved by forking: 40.0% (4 forked jobs took 0.12s of 0.30s modelled step time from their sources)"
        )
    }

    @Test func aLongSweepShowsWholeSeconds() {
        var savings = ForkSavings()
        (savings.savedMs, savings.totalMs, savings.forkedJobs) = (10_000, 41_000, 9)
        #expect(savings.text(peakBytes: nil).contains("9 forked jobs took 10s of 41s modelled step time"))
    }

    /// A rules-only rerun ran no job: it gives the sweep's saving, says it ran no job, and
    /// gives no peak, which was an earlier run's (it said "… snapshots peaked at 0.0 MiB").
    @Test func aRunThatComputedNoJobGivesTheSweepsSavingWithoutAPeak() {
        var savings = ForkSavings()
        (savings.savedMs, savings.totalMs, savings.forkedJobs) = (681, 1000, 4)
        var outcome = RunOutcome()
        outcome.forkSnapshotPeakBytes = 0
        #expect(
            savings.line(after: outcome)
                == "compute saved by forking: 68.1% over the sweep's results (4 forked jobs took 0.68s of 1.00s "
                + "modelled step time from their sources; this run ran no job)")
        // A run that ran a job but wrote no snapshot (its sources' were gone): no peak to tell.
        outcome.doneThisRun = 1
        #expect(
            savings.line(after: outcome)
                == "compute saved by forking: 68.1% (4 forked jobs took 0.68s of 1.00s modelled step time from their sources)"
        )
        outcome.forkSnapshotPeakBytes = 3 << 20
        #expect(savings.line(after: outcome).hasSuffix("; snapshots peaked at 3.0 MiB on disk)"))
    }
}
