/// A small, fully specified generator (Steele et al.'s SplitMix64), so a sample block gives
/// the same points for the same seed on every machine and Swift version.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) from the top 53 bits.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform integer in lo...hi (Lemire's multiply-shift; the bias is below 2⁻³² for sweep-sized ranges).
    mutating func int(in lo: Int, _ hi: Int) -> Int {
        let span = UInt64(bitPattern: Int64(hi &- lo)) &+ 1
        if span == 0 { return Int(bitPattern: UInt(next())) }
        return lo &+ Int(truncatingIfNeeded: next().multipliedFullWidth(by: span).high)
    }
}
