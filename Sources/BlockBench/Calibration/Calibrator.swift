import Foundation
import Vocabulary

/// Measures the cost of every step kind of one model (docs/benchmark.md, "Calibration and the
/// modelled clock"). Kinds are interleaved round-robin in one process, one step of each per
/// round with the order rotated every round, so a slow spell of the machine touches every kind
/// alike. A kind's cost is taken RELATIVE to the full step of the same round, which cancels
/// most of that drift. Rounds go on until every relative cost has a 95% Student t interval
/// within ±target of itself, or until the time cap. Ratios are pooled on the log scale (as the
/// report pools speedups): a stall in either step of a round then weighs the same, and the mean
/// is not pulled up by the ratio's skew.
package struct Calibrator: Sendable {
    package var nLayers: Int
    /// Half-width goal, as a fraction of the relative cost (0.01: ±1%).
    package var target = 0.01
    package var capSeconds = 60.0
    /// Rounds counted before convergence may be declared (warm-up rounds not included).
    package var minRounds = 5
    /// First rounds, thrown away: caches, page faults and the BLAS thread pool settle in them.
    package var warmupRounds = 2
    /// Fewest counted rounds even past the cap: two give each kind a spread to report.
    package static let roundsBeforeCap = 2

    /// The kinds measured, in calibration order; always holds the full step, the unit of every ratio.
    package private(set) var kinds: [StepKind]

    /// Measures `kinds` (nil: every kind of the model), plus the full step whether named or not.
    package init(nLayers: Int, kinds: [StepKind]? = nil) {
        self.nLayers = nLayers
        let wanted = Set(kinds ?? StepKind.all(nLayers: nLayers)).union([.active(nLayers)])
        self.kinds = StepKind.all(nLayers: nLayers).filter(wanted.contains)
    }

    /// Round `round`'s order: the kinds rotated left by `round`.
    package func order(round: Int) -> [StepKind] {
        let kinds = self.kinds
        return kinds.indices.map { kinds[($0 + round) % kinds.count] }
    }

    /// Runs rounds on `source` until convergence or the cap; `now` gives seconds on any clock
    /// (tests give the fake source's own time).
    package func calibrate(source: inout some StepCostSource, now: () -> Double) -> CalibrationMeasurement {
        let kinds = self.kinds
        let full = StepKind.active(nLayers)
        let began = now()
        var ratios: [StepKind: [Double]] = [:]  // log(kind / full), per counted round
        var fullTimes: [Double] = []
        var round = 0
        var counted = 0
        var converged = false
        while true {
            var times: [StepKind: Double] = [:]
            for kind in order(round: round) { times[kind] = source.stepMs(of: kind) }
            round += 1
            if round > warmupRounds {
                counted += 1
                let fullMs = times[full]!
                fullTimes.append(fullMs)
                for kind in kinds { ratios[kind, default: []].append(log(times[kind]! / fullMs)) }
                if counted >= minRounds {
                    converged = kinds.allSatisfy { Self.relativeHalfwidth(ratios[$0]!) <= target }
                    if converged { break }
                }
            }
            if now() - began >= capSeconds, counted >= Self.roundsBeforeCap { break }
        }
        let fullMs = Self.median(fullTimes)
        let relative = kinds.map { exp(Self.mean(ratios[$0]!)) }
        return CalibrationMeasurement(
            kinds: kinds, stepMs: relative.map { $0 * fullMs }, relative: relative,
            relativeHalfwidth: kinds.map { Self.relativeHalfwidth(ratios[$0]!) },
            rounds: counted, seconds: now() - began, converged: converged)
    }

    /// The 95% Student t half-width of a ratio's geometric mean, from the ratio's logs, as a
    /// fraction of the ratio: exp(t·sd/√n) − 1, the wider (upper) side of the interval.
    /// Infinite with fewer than two values: nothing to estimate a spread from.
    package static func relativeHalfwidth(_ logs: [Double]) -> Double {
        let n = logs.count
        guard n >= 2 else { return .infinity }
        let m = mean(logs)
        let ss = logs.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        let sd = (ss / Double(n - 1)).squareRoot()
        return exp(Statistics.tQuantile(0.975, degreesOfFreedom: Double(n - 1)) * sd / Double(n).squareRoot()) - 1
    }

    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    /// The middle value (mean of the two middle ones for an even count): the full step's scale,
    /// untouched by a rare stall.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }
}
