/// AdamW as torch.optim.AdamW computes it (decoupled weight decay, bias correction), per tensor.
/// A tensor that got no gradient this step is not touched: no decay, no moments, no step count.
public struct AdamWSettings: Sendable, Equatable {
    public var lr: Float
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    public var eps: Float = 1e-8
    public var weightDecay: Float

    public init(lr: Float, weightDecay: Float, beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8) {
        self.lr = lr
        self.weightDecay = weightDecay
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
    }
}

/// One tensor's optimizer state.
public final class AdamWState: @unchecked Sendable {
    public let m: FloatBuffer
    public let v: FloatBuffer
    public private(set) var step = 0

    public init(count: Int) {
        m = FloatBuffer(count: count)
        v = FloatBuffer(count: count)
    }

    /// Applies one update to `param` from `grad`, split over `parallel`'s threads.
    func update(param: FloatBuffer, grad: FloatBuffer, settings s: AdamWSettings, parallel: Parallel) {
        step += 1
        let t = Float(step)
        let bc1 = 1 - pow(s.beta1, t)
        let bc2Sqrt = (1 - pow(s.beta2, t)).squareRoot()
        let stepSize = s.lr / bc1
        let decay = 1 - s.lr * s.weightDecay
        let p = param.pointer, g = grad.pointer, m = self.m.pointer, v = self.v.pointer
        let b1 = s.beta1, b2 = s.beta2, eps = s.eps
        parallel.chunks(count: param.count, work: param.count) { range in
            for i in range {
                let gi = g[i]
                let mi = b1 * m[i] + (1 - b1) * gi
                let vi = b2 * v[i] + (1 - b2) * gi * gi
                m[i] = mi
                v[i] = vi
                p[i] = p[i] * decay - stepSize * mi / (vi.squareRoot() / bc2Sqrt + eps)
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
