import Foundation
import Vocabulary

/// A mean with its two-sided 95% Student t interval. With one value the interval is the
/// point itself (nothing to estimate a spread from); callers mark such rows single-run.
package struct Estimate: Sendable, Equatable, Codable {
    package var mean: Double
    package var lo: Double
    package var hi: Double
    package var count: Int
    /// Sample standard deviation (n − 1); 0 for a single value.
    package var sd: Double

    package init(mean: Double, lo: Double, hi: Double, count: Int, sd: Double) {
        self.mean = mean
        self.lo = lo
        self.hi = hi
        self.count = count
        self.sd = sd
    }

    /// The estimate of `values`; nil when there are none. Non-finite values make every
    /// bound non-finite, which the verdict treats as a failure.
    package init?(_ values: [Double], confidence: Double = 0.95) {
        guard !values.isEmpty else { return nil }
        let n = values.count
        let mean = values.reduce(0, +) / Double(n)
        guard n > 1 else {
            self.init(mean: mean, lo: mean, hi: mean, count: 1, sd: 0)
            return
        }
        let ss = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let sd = (ss / Double(n - 1)).squareRoot()
        let half = Statistics.tQuantile(0.5 + confidence / 2, degreesOfFreedom: Double(n - 1)) * sd / Double(n).squareRoot()
        self.init(mean: mean, lo: mean - half, hi: mean + half, count: n, sd: sd)
    }

    /// The estimate of ratios such as speedups, pooled on the log scale: the mean is the
    /// geometric mean and the interval is the t interval of the logs, exponentiated, so it stays
    /// positive (a 2-seed interval on the raw values can reach below zero). `sd` is the sample
    /// standard deviation of the natural logs. A value that is not a positive number makes every
    /// bound non-finite, which the verdict treats as a failure.
    package static func ofRatios(_ values: [Double], confidence: Double = 0.95) -> Estimate? {
        guard !values.isEmpty else { return nil }
        guard values.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            return Estimate(mean: .nan, lo: .nan, hi: .nan, count: values.count, sd: .nan)
        }
        guard let logs = Estimate(values.map { Foundation.log($0) }, confidence: confidence) else { return nil }
        return Estimate(mean: exp(logs.mean), lo: exp(logs.lo), hi: exp(logs.hi), count: logs.count, sd: logs.sd)
    }

    enum CodingKeys: String, CodingKey { case mean, lo, hi, count, sd }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeFinite(mean, forKey: .mean)
        try c.encodeFinite(lo, forKey: .lo)
        try c.encodeFinite(hi, forKey: .hi)
        try c.encode(count, forKey: .count)
        try c.encodeFinite(sd, forKey: .sd)
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mean = try c.decodeIfPresent(Double.self, forKey: .mean) ?? .nan
        lo = try c.decodeIfPresent(Double.self, forKey: .lo) ?? .nan
        hi = try c.decodeIfPresent(Double.self, forKey: .hi) ?? .nan
        count = try c.decode(Int.self, forKey: .count)
        sd = try c.decodeIfPresent(Double.self, forKey: .sd) ?? .nan
    }
}

extension KeyedEncodingContainer {
    /// JSON has no NaN or infinity: such numbers are written as null, as in the result files.
    mutating func encodeFinite(_ value: Double?, forKey key: Key) throws {
        if let value, value.isFinite { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}

/// Student t distribution, written out here to avoid a dependency for two functions.
package enum Statistics {
    /// The q-quantile of Student's t with `df` degrees of freedom (q in (0, 1)).
    package static func tQuantile(_ q: Double, degreesOfFreedom df: Double) -> Double {
        precondition(q > 0 && q < 1 && df > 0)
        if q == 0.5 { return 0 }
        if q < 0.5 { return -tQuantile(1 - q, degreesOfFreedom: df) }
        // Bracket, then bisect: the CDF is monotone and cheap, and 100 halvings are exact to
        // double precision, which matters more here than speed.
        var lo = 0.0, hi = 1.0
        while tCDF(hi, degreesOfFreedom: df) < q { lo = hi; hi *= 2 }
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
