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
        let half =
            Statistics.tQuantile(0.5 + confidence / 2, degreesOfFreedom: Double(n - 1)) * sd / Double(n).squareRoot()
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

    /// A ratio's estimate with a shared relative uncertainty `fraction` added at both ends:
    /// lo / (1 + fraction) and hi × (1 + fraction) (CalibrationMargin).
    package func widenedRatio(by fraction: Double) -> Estimate {
        Estimate(mean: mean, lo: lo / (1 + fraction), hi: hi * (1 + fraction), count: count, sd: sd)
    }

    /// The estimate with a shared uncertainty `amount` added at both ends (CalibrationMargin).
    package func widened(by amount: Double) -> Estimate {
        Estimate(mean: mean, lo: lo - amount, hi: hi + amount, count: count, sd: sd)
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
