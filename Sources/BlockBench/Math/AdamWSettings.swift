/// AdamW as torch.optim.AdamW computes it (decoupled weight decay, bias correction), per tensor.
/// A tensor that got no gradient this step is not touched: no decay, no moments, no step count.
package struct AdamWSettings: Sendable, Equatable {
    package var lr: Float
    package var beta1: Float = 0.9
    package var beta2: Float = 0.999
    package var eps: Float = 1e-8
    package var weightDecay: Float

    package init(lr: Float, weightDecay: Float, beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8) {
        self.lr = lr
        self.weightDecay = weightDecay
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
