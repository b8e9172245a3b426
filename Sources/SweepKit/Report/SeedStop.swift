/// Why a row of a sweep with adaptive seeds (`seeds: {initial, max}`) has the seeds it has.
/// It reads the row's own verdict (Judge), never judges again: a keep is settled, and so is a
/// reject whose failing interval lies clear of its threshold (or that no further seed can
/// change: degenerate, diverged, suspect timing, unpaired). An inconclusive row, or a reject
/// by a mean whose interval still straddles the threshold, wants another seed.
package enum SeedStop: String, Sendable, Codable {
    /// The verdict is settled: no further seed was added.
    case settled
    /// Not settled at `max` seeds.
    case reachedMax = "max"
    /// Not settled below `max`: the run stopped before its next seed was done.
    case open

    /// nil for full_update rows (the yardstick, never judged).
    package static func of(_ row: ReportRow, adaptive: AdaptiveSeeds, rules: Rules) -> SeedStop? {
        guard row.judgement != nil else { return nil }
        if isSettled(row, rules: rules) { return .settled }
        return row.seeds.count >= adaptive.max ? .reachedMax : .open
    }

    /// Whether another seed could still change the row's verdict; see the type's note.
    package static func isSettled(_ row: ReportRow, rules: Rules) -> Bool {
        guard let judgement = row.judgement else { return true }
        switch judgement.verdict {
        case .keep: return true
        // The calibration's error is every seed's: another seed cannot settle it.
        case .inconclusive: return judgement.flags.contains(.calibrationDecides)
        case .reject:
            guard judgement.qualityFailed || judgement.speedFailed else { return true }
            if judgement.qualityFailed, let increase = row.valLossIncrease,
                !increase.mean.isFinite || (increase.count >= 2 && increase.lo > rules.maxValLossIncrease)
            {
                return true
            }
            if judgement.speedFailed, let speedup = row.speedup, speedup.count >= 2,
                speedup.hi < rules.minSpeedup
            {
                return true
            }
            return false
        }
    }

    /// "3, settled: reject", "6, reached max", "2, not finished".
    package static func text(_ row: ReportRow, adaptive: AdaptiveSeeds, rules: Rules) -> String {
        let n = String(row.seeds.count)
        switch of(row, adaptive: adaptive, rules: rules) {
        case .settled: return "\(n), settled: \(row.verdict!.rawValue)"
        case .reachedMax: return "\(n), reached max"
        case .open: return "\(n), not finished"
        case nil: return n
        }
    }
}
