/// Step-time summary as the reference computes it: the first `ignore` steps are dropped when
/// there are more, and percentile q is sorted[round((len − 1)·q)] (round half to even).
package struct StepStatistics: Sendable, Equatable {
    package let mean: Double
    package let p50: Double
    package let p90: Double

    package init(times: [Double], ignoreFirst ignore: Int) {
        let kept = times.count > ignore ? Array(times[ignore...]) : times
        guard !kept.isEmpty else {
            mean = .nan
            p50 = .nan
            p90 = .nan
            return
        }
        mean = kept.reduce(0, +) / Double(kept.count)
        let sorted = kept.sorted()
        func percentile(_ q: Double) -> Double {
            sorted[Int((Double(sorted.count - 1) * q).rounded(.toNearestOrEven))]
        }
        p50 = percentile(0.5)
        p90 = percentile(0.9)
    }
}
