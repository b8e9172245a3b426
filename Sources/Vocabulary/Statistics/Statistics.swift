import Foundation

/// Student t distribution, written out here to avoid a dependency for two functions. It lives in
/// the vocabulary so calibration (BlockBench) and the report (SweepKit) share one implementation.
package enum Statistics {
    /// The q-quantile of Student's t with `df` degrees of freedom (q in (0, 1)).
    package static func tQuantile(_ q: Double, degreesOfFreedom df: Double) -> Double {
        precondition(q > 0 && q < 1 && df > 0)
        if q == 0.5 { return 0 }
        if q < 0.5 { return -tQuantile(1 - q, degreesOfFreedom: df) }
        // Bracket, then bisect: the CDF is monotone and cheap, and 100 halvings are exact to
        // double precision, which matters more here than speed.
        var lo = 0.0
        var hi = 1.0
        while tCDF(hi, degreesOfFreedom: df) < q {
            lo = hi
            hi *= 2
        }
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if mid == lo || mid == hi { break }
            if tCDF(mid, degreesOfFreedom: df) < q { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// P(T ≤ t) for Student's t with `df` degrees of freedom.
    package static func tCDF(_ t: Double, degreesOfFreedom df: Double) -> Double {
        let x = df / (df + t * t)
        let tail = 0.5 * regularizedIncompleteBeta(x, a: df / 2, b: 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// I_x(a, b) by the continued fraction of Numerical Recipes (betacf), using the symmetry
    /// I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction converges slowly.
    static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let lnBeta: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let lnPowers: Double = a * log(x) + b * log(1 - x)
        let lnFront = lnBeta + lnPowers
        if x < (a + 1) / (a + b + 2) {
            return exp(lnFront) * betaContinuedFraction(x, a: a, b: b) / a
        }
        return 1 - exp(lnFront) * betaContinuedFraction(1 - x, a: b, b: a) / b
    }

    private static func betaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...300 {
            let m = Double(m)
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((a - 1 + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1 + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return h
    }

    /// How many values in all a mean with this spread needs before its 95% interval excludes
    /// `threshold`, assuming the mean and spread hold; nil when it would take more than `cap`
    /// (the mean sits on the threshold) or there is no spread to go on.
    package static func samplesToSettle(mean: Double, sd: Double, threshold: Double, cap: Int = 1000) -> Int? {
        let gap = abs(mean - threshold)
        guard sd > 0, sd.isFinite, gap > 0, gap.isFinite else { return nil }
        var n = 2
        while n <= cap {
            if tQuantile(0.975, degreesOfFreedom: Double(n - 1)) * sd / Double(n).squareRoot() < gap { return n }
            n += n < 64 ? 1 : n / 16
        }
        return nil
    }
}
