import Vocabulary

/// One block's relevance statistics from one step's gradients and the weights before the
/// update, over both matrices. Either metric is a function of them, so a baseline that records
/// them serves dependents of both metrics and any `dyn_eps` (prefix forking).
package struct BlockRelevance: Sendable, Equatable {
    /// Σg² and Σw² (grad_ratio), nil when only saliency was asked for.
    package var gradSquares: Double?
    package var weightSquares: Double?
    /// Σ|g·w| (saliency_abs_gp), nil when only grad_ratio was asked for.
    package var absProduct: Double?

    package init(gradSquares: Double?, weightSquares: Double?, absProduct: Double?) {
        self.gradSquares = gradSquares
        self.weightSquares = weightSquares
        self.absProduct = absProduct
    }

    /// grad_ratio = √Σg² / (√Σw² + eps); saliency_abs_gp = Σ|g·w| (docs/benchmark.md).
    package func score(_ metric: RelevanceMetric, eps: Double) -> Double? {
        switch metric {
        case .gradRatio:
            guard let gg = gradSquares, let ww = weightSquares else { return nil }
            return gg.squareRoot() / (ww.squareRoot() + eps)
        case .saliencyAbsGP:
            return absProduct
        }
    }
}
