import Foundation
import Vocabulary

/// The interpretation guide as a decision: keep only a clear speedup at an acceptable
/// val-loss cost.
package enum Judge {
    /// Judges pooled paired values. `impossibleRuns` counts runs whose speedup broke the hard
    /// limit; `aboveEstimateRuns` those well above the matmul estimate. `sameWorkAsFull` says
    /// why the settings train every block (K ≥ N): such a row is rejected whatever its numbers.
    /// `suspectRejects`: an impossible (measured) speedup rejects the row when the verdict reads
    /// that speedup; when it reads the modelled one, which no timing fault moves, it is flagged
    /// with its reason but does not decide.
    /// `calibration`: how far the calibration's own uncertainty could move the speedup and the
    /// val loss (nil on the wall clock). A verdict it could flip is inconclusive, never keep or
    /// reject: the intervals are widened by it, and a mean beyond a threshold by less than it
    /// does not reject.
    package static func judge(
        speedup: Estimate?, increase: Estimate?, rules: Rules,
        impossibleRuns: Int = 0, suspectRejects: Bool = true, aboveEstimateRuns: Int = 0,
        limits: CostModel? = nil, extraFlags: [RowFlag] = [],
        unpairedReason: String? = nil, sameWorkAsFull: String? = nil, calibration: CalibrationMargin? = nil
    ) -> Judgement {
        var flags = extraFlags
        if let sameWorkAsFull {
            // Its speedup and loss measure noise between two runs of the same work: no remedy
            // or speed limit applies, and it must never read as a keep.
            return Judgement(
                verdict: .reject, flags: flags + [.degenerate],
                reasons: ["degenerate: same work as full_update (\(sameWorkAsFull))"],
                qualityFailed: false, speedFailed: false, moreSeeds: nil)
        }
        guard let speedup, let increase else {
            return Judgement(
                verdict: .reject, flags: flags,
                reasons: [
                    unpairedReason ?? "no full_update result of the same seed, device and settings to compare with"
                ],
                qualityFailed: false, speedFailed: false, moreSeeds: nil)
        }
        let single = speedup.count < 2
        if single { flags.append(.singleRun) }
        var reasons: [String] = []
        var unsure: [String] = []
        var seeds: [Int?] = []
        // Unsure only through the calibration: no number of seeds settles that.
        var calibrationDecides = false
        let speedMargin = calibration?.speedup ?? 0
        let valMargin = calibration?.valLossIncrease ?? 0
        let wideSpeedup = speedup.widenedRatio(by: speedMargin)
        let wideIncrease = increase.widened(by: valMargin)

        // Speed. A non-finite bound compares false everywhere, so it fails.
        let minS = rules.minSpeedup
        var speedFailed = false
        if !(speedup.mean >= minS) {
            let (got, need) = fmtApart(speedup.mean, minS) { fmtX($0, digits: $1) }
            if speedMargin > 0, speedup.mean * (1 + speedMargin) >= minS {
                calibrationDecides = true
                unsure.append(
                    "speedup \(got) is below \(need) by less than the calibration's ±\(fmtMargin(speedMargin))")
            } else {
                speedFailed = true
                reasons.append("speedup \(got) is below \(need)")
            }
        } else if !single && !(speedup.lo >= minS) {
            // The interval shown is the one the table shows: the calibration's margin included.
            unsure.append(
                "speedup interval \(fmtX(wideSpeedup.lo))–\(fmtX(wideSpeedup.hi))\(withMargin(speedMargin)) "
                    + "straddles \(fmtX(minS))")
            // Speedups are pooled on the log scale (Estimate.ofRatios): settle them there too.
            seeds.append(Statistics.samplesToSettle(mean: log(speedup.mean), sd: speedup.sd, threshold: log(minS)))
        } else if !(wideSpeedup.lo >= minS) {
            calibrationDecides = true
            unsure.append(
                "speedup interval \(fmtX(wideSpeedup.lo))–\(fmtX(wideSpeedup.hi))\(withMargin(speedMargin)) "
                    + "straddles \(fmtX(minS))")
        }

        let maxV = rules.maxValLossIncrease
        var qualityFailed = false
        if !increase.mean.isFinite {
            qualityFailed = true
            reasons.append("the run diverged (val or train loss NaN, Infinity or null)")
        } else if !(increase.mean <= maxV) {
            let (got, allowed) = fmtApart(increase.mean, maxV) { fmtPct($0, digits: $1) }
            if valMargin > 0, increase.mean - valMargin <= maxV {
                calibrationDecides = true
                unsure.append(
                    "val loss rose \(got), above the \(allowed) allowed by less than the ±\(fmtMargin(valMargin)) "
                        + "the calibration's uncertainty could move it through the equal-time budget")
            } else {
                qualityFailed = true
                reasons.append("val loss rose \(got), above the \(allowed) allowed")
            }
        } else if !single && !(increase.hi <= maxV) {
            unsure.append(
                "val-loss interval \(fmtPct(wideIncrease.lo))–\(fmtPct(wideIncrease.hi))\(withMargin(valMargin)) "
                    + "straddles \(fmtPct(maxV))")
            seeds.append(Statistics.samplesToSettle(mean: increase.mean, sd: increase.sd, threshold: maxV))
        } else if !(wideIncrease.hi <= maxV) {
            calibrationDecides = true
            unsure.append(
                "val-loss interval \(fmtPct(wideIncrease.lo))–\(fmtPct(wideIncrease.hi))\(withMargin(valMargin)) "
                    + "straddles \(fmtPct(maxV))")
        }

        if impossibleRuns > 0 {
            flags.append(.suspectTiming)
            let bound = limits.map { " N/K = \(fmtX($0.hardLimit))" } ?? ""
            let runs = speedup.count > 1 ? " in \(impossibleRuns) of \(speedup.count) runs" : ""
            reasons.insert(
                "suspect timing: speedup above the cost model's hard limit\(bound)\(runs) "
                    + "(every step runs the forward pass through all blocks); check the baseline's timing"
                    + (suspectRejects ? "" : " (the verdict reads the modelled speedup, which timing cannot move)"),
                at: 0)
        }
        if aboveEstimateRuns > 0 {
            flags.append(.aboveMatmulEstimate)
        }

        let verdict: Verdict
        var moreSeeds: Int?
        if (impossibleRuns > 0 && suspectRejects) || speedFailed || qualityFailed {
            verdict = .reject
            reasons += unsure.map { "also: \($0)" }
        } else if !unsure.isEmpty {
            verdict = .inconclusive
            reasons = unsure
            // The slowest criterion to settle decides; nil anywhere means no estimate.
            if seeds.allSatisfy({ $0 != nil }), !calibrationDecides {
                moreSeeds = seeds.compactMap { $0 }.max().map { max(1, $0 - speedup.count) }
            }
            if calibrationDecides {
                flags.append(.calibrationDecides)
                reasons.append(
                    "more seeds cannot settle it: every seed shares the calibration's error; a calibration "
                        + "measured longer (a larger calibration_cap, on a quieter machine) can")
            } else if let moreSeeds {
                reasons.append("about \(moreSeeds) more seed\(moreSeeds == 1 ? "" : "s") would likely settle it")
            } else {
                reasons.append("the mean sits too close to the threshold for a few more seeds to settle it")
            }
        } else {
            verdict = .keep
        }
        return Judgement(
            verdict: verdict, flags: flags, reasons: reasons, qualityFailed: qualityFailed,
            speedFailed: speedFailed, moreSeeds: moreSeeds)
    }

    /// " with the calibration's ±1.20%", or nothing without a margin.
    static func withMargin(_ margin: Double) -> String {
        margin > 0 ? " with the calibration's ±\(fmtMargin(margin))" : ""
    }
}
