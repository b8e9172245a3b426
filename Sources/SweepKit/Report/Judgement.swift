import Foundation

/// The verdict with everything that led to it.
package struct Judgement: Sendable, Equatable {
    package var verdict: Verdict
    package var flags: [RowFlag]
    package var reasons: [String]
    /// Rejected (also) because the val loss rose too much: remedies apply.
    package var qualityFailed: Bool
    /// Rejected (also) because the speedup falls short.
    package var speedFailed: Bool
    /// Inconclusive: the further seeds likely to settle it (nil: not estimable).
    package var moreSeeds: Int?
}
