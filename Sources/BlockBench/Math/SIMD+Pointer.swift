extension SIMD8 where Scalar == Float {
    /// Eight floats from `pointer` (no alignment needed).
    @inline(__always) static func load(_ pointer: UnsafePointer<Float>) -> Self {
        UnsafeRawPointer(pointer).loadUnaligned(as: Self.self)
    }

    @inline(__always) static func load(_ pointer: UnsafeMutablePointer<Float>) -> Self {
        UnsafeRawPointer(pointer).loadUnaligned(as: Self.self)
    }

    /// max(x, 0) lane by lane (the generic pointwiseMax is not specialized here and runs
    /// a hundred times slower).
    @inline(__always) var clampedAtZero: Self { replacing(with: 0, where: self .< 0) }

    @inline(__always) func store(_ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: self, as: Self.self)
    }
}
