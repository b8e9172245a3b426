/// Deterministic random numbers (xoshiro256** seeded through SplitMix64), so that the same seed
/// gives the same weights and batches on every machine. Each use draws from its own stream.
package struct RandomStream: Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64)
    private var spareNormal: Double?

    package init(seed: Int, stream: UInt64) {
        var x = UInt64(bitPattern: Int64(seed)) &+ stream &* 0x9E37_79B9_7F4A_7C15
        func splitmix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitmix(), splitmix(), splitmix(), splitmix())
    }

    package mutating func next() -> UInt64 {
        let result = ((s.1 &* 5) << 7 | (s.1 &* 5) >> 57) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = (s.3 << 45) | (s.3 >> 19)
        return result
    }

    /// Uniform in [0, 1).
    package mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Standard normal (Box–Muller, both values used).
    package mutating func normal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        var u1 = uniform()
        while u1 <= 0 { u1 = uniform() }
        let u2 = uniform()
        let r = (-2 * log(u1)).squareRoot()
        spareNormal = r * sin(2 * .pi * u2)
        return r * cos(2 * .pi * u2)
    }

    package mutating func fillNormal(_ buffer: FloatBuffer, scale: Float = 1) {
        for i in 0..<buffer.count { buffer.pointer[i] = Float(normal()) * scale }
    }

    package mutating func fillUniform(_ buffer: FloatBuffer, bound: Float) {
        for i in 0..<buffer.count { buffer.pointer[i] = Float(uniform() * 2 - 1) * bound }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
