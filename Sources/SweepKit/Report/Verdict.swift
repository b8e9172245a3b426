import Foundation
import Vocabulary

/// What the report says about one configuration.
package enum Verdict: String, Sendable, Codable, CaseIterable {
    case keep, inconclusive, reject
}

/// "1.12×"
func fmtX(_ v: Double) -> String { fmtX(v, digits: 2) }

/// "+1.44%" from a fraction.
func fmtPct(_ v: Double) -> String { fmtPct(v, digits: 2) }

/// "1.20%" from a fraction, unsigned: a margin shown after ±.
func fmtMargin(_ v: Double) -> String { String(format: "%.2f%%", v * 100) }

/// Formats two different numbers with the fewest decimals (2 to 4) that tell them apart, so a
/// reason never reads "1.10× is below 1.10×".
func fmtApart(_ a: Double, _ b: Double, _ fmt: (Double, Int) -> String) -> (String, String) {
    for digits in 2...4 where fmt(a, digits) != fmt(b, digits) { return (fmt(a, digits), fmt(b, digits)) }
    return (fmt(a, 4), fmt(b, 4))
}

func fmtX(_ v: Double, digits: Int) -> String {
    NumberText.times(v, digits)
}

func fmtPct(_ v: Double, digits: Int) -> String {
    NumberText.signedPercent(v, digits)
}
