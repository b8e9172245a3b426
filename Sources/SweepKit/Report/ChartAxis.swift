import Foundation
import Vocabulary

/// One axis of a chart: its range, scale and tick marks.
struct ChartAxis {
    var label: String
    var lo: Double
    var hi: Double
    var log: Bool = false
    /// Appended to tick labels ("×", "%").
    var unit: String = ""

    /// A linear axis over `values` (plus `include`) with a 5% margin each side; ticks fall
    /// inside. `fromZero` starts it at 0 exactly (times, steps).
    static func fitting(
        _ values: [Double], include: [Double] = [], label: String, unit: String = "",
        log: Bool = false, fromZero: Bool = false
    ) -> ChartAxis {
        let all = (values + include).filter { $0.isFinite && (!log || $0 > 0) }
        guard var lo = all.min(), var hi = all.max() else { return ChartAxis(label: label, lo: 0, hi: 1, unit: unit) }
        if log {
            return ChartAxis(
                label: label, lo: pow(10, floor(log10(lo))), hi: pow(10, ceil(log10(hi))), log: true, unit: unit)
        }
        if hi - lo < 1e-12 {
            lo -= max(abs(lo) * 0.1, 0.5)
            hi += max(abs(hi) * 0.1, 0.5)
        }
        let pad = (hi - lo) * 0.05
        return ChartAxis(label: label, lo: fromZero && lo >= 0 ? 0 : lo - pad, hi: hi + pad, unit: unit)
    }

    /// 1, 2 or 5 times a power of ten, the nearest at or above `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let p = pow(10, floor(log10(raw)))
        for m in [1.0, 2, 2.5, 5, 10] where m * p >= raw * 0.999 { return m * p }
        return 10 * p
    }

    /// Position in [0, 1] along the axis.
    func fraction(_ v: Double) -> Double {
        if log { return (log10(max(v, lo)) - log10(lo)) / (log10(hi) - log10(lo)) }
        return (v - lo) / (hi - lo)
    }

    var ticks: [Double] {
        if log {
            var out: [Double] = []
            var decade = lo
            let decades = log10(hi / lo)
            let mults: [Double] = decades <= 1 ? [1, 2, 3, 5] : decades <= 3 ? [1, 2, 5] : [1]
            while decade <= hi * 1.0001 {
                for m in mults where decade * m <= hi * 1.0001 { out.append(decade * m) }
                decade *= 10
            }
            return out
        }
        let step = ChartAxis.niceStep((hi - lo) / 6)
        var out: [Double] = []
        var v = (lo / step).rounded(.up) * step
        while v <= hi + step * 1e-6 {
            out.append(abs(v) < step * 1e-9 ? 0 : v)
            v += step
        }
        return out
    }

    func tickLabel(_ v: Double) -> String {
        let magnitude = ticks.map { abs($0) }.filter { $0 > 0 }.min() ?? 1
        let step = log ? magnitude : ChartAxis.niceStep((hi - lo) / 6)
        let decimals = max(0, min(6, Int(-floor(log10(step)) + (step / pow(10, floor(log10(step))) == 2.5 ? 1 : 0))))
        if log && v < 1 {
            return NumberText.fixed(v, Int(-floor(log10(v)))) + unit
        }
        return NumberText.fixed(v, log ? 0 : decimals) + unit
    }
}
