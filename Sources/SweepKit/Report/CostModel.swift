/// The cost model of docs/benchmark.md: a step with K of N blocks active costs
/// N·f + K·(b + o), a full step N·(f + b + o).
package struct CostModel: Sendable, Equatable {
    /// Noise allowed above the hard limit before a speedup counts as impossible.
    package static let hardLimitTolerance = 0.03
    /// How far above the matmul estimate a speedup may go before it is worth a look.
    package static let matmulTolerance = 0.10

    package var layers: Int
    package var activeLayers: Double

    package init(layers: Int, activeLayers: Double) {
        self.layers = layers
        self.activeLayers = activeLayers
    }

    /// N / K: every step still runs the forward pass through all N blocks.
    package var hardLimit: Double { Double(layers) / activeLayers }

    /// 3N / (N + 2K): backward costs twice the forward, the optimizer nothing.
    package var matmulEstimate: Double { 3 * Double(layers) / (Double(layers) + 2 * activeLayers) }

    package func isImpossible(_ speedup: Double) -> Bool {
        speedup > hardLimit * (1 + Self.hardLimitTolerance)
    }

    package func isAboveEstimate(_ speedup: Double) -> Bool {
        speedup > matmulEstimate * (1 + Self.matmulTolerance)
    }

    /// The most mean active layers that can still reach `speedup` by the matmul estimate
    /// (solving 3N / (N + 2K) = s for K).
    package static func activeLayersFor(speedup: Double, layers: Int) -> Double {
        (3 * Double(layers) / speedup - Double(layers)) / 2
    }
}
