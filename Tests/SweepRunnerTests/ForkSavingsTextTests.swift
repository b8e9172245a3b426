import Testing

@testable import SweepRunner

/// The line `run` ends with when jobs forked: readable for a tiny sweep and a long one alike.
struct ForkSavingsTextTests {
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
}
