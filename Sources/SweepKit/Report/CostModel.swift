/// The cost model of docs/benchmark.md: a step with K of N blocks active costs
/// N·f + K·(b + o), a full step N·(f + b + o).
public struct CostModel: Sendable, Equatable {
    /// Noise allowed above the hard limit before a speedup counts as impossible.
    public static let hardLimitTolerance = 0.03
    /// How far above the matmul estimate a speedup may go before it is worth a look.
    public static let matmulTolerance = 0.10

    public var layers: Int
    public var activeLayers: Double

    public init(layers: Int, activeLayers: Double) {
        self.layers = layers
        self.activeLayers = activeLayers
    }

    /// N / K: every step still runs the forward pass through all N blocks.
    public var hardLimit: Double { Double(layers) / activeLayers }

    /// 3N / (N + 2K): backward costs twice the forward, the optimizer nothing.
    public var matmulEstimate: Double { 3 * Double(layers) / (Double(layers) + 2 * activeLayers) }

    public func isImpossible(_ speedup: Double) -> Bool {
        speedup > hardLimit * (1 + Self.hardLimitTolerance)
    }

    public func isAboveEstimate(_ speedup: Double) -> Bool {
        speedup > matmulEstimate * (1 + Self.matmulTolerance)
    }

    /// The most mean active layers that can still reach `speedup` by the matmul estimate
    /// (solving 3N / (N + 2K) = s for K).
    public static func activeLayersFor(speedup: Double, layers: Int) -> Double {
        (3 * Double(layers) / speedup - Double(layers)) / 2
    }
}
