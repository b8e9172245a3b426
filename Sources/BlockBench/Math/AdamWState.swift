import Foundation

/// One tensor's optimizer state.
package final class AdamWState: @unchecked Sendable {
    package let m: FloatBuffer
    package let v: FloatBuffer
    package private(set) var step = 0

    package init(count: Int) {
        m = FloatBuffer(count: count)
        v = FloatBuffer(count: count)
    }

    /// Takes a snapshot's moments and step count (prefix forking).
    func restore(m newM: [Float], v newV: [Float], step newStep: Int) {
        precondition(newM.count == m.count && newV.count == v.count)
        for i in 0..<m.count {
            m.pointer[i] = newM[i]
            v.pointer[i] = newV[i]
        }
        step = newStep
    }

    /// Applies one update to `param` from `grad`, split over `parallel`'s threads.
    func update(param: FloatBuffer, grad: FloatBuffer, settings s: AdamWSettings, parallel: Parallel) {
        step += 1
        let t = Float(step)
        let bc1 = 1 - pow(s.beta1, t)
        let bc2Sqrt = (1 - pow(s.beta2, t)).squareRoot()
        let stepSize = s.lr / bc1
        let decay = 1 - s.lr * s.weightDecay
        let p = param.pointer
        let g = grad.pointer
        let m = self.m.pointer
        let v = self.v.pointer
        let b1 = s.beta1
        let b2 = s.beta2
        let eps = s.eps
        parallel.chunks(count: param.count, work: param.count) { range in
            Self.step(
                p: p, g: g, m: m, v: v, range: range, b1: b1, b2: b2, eps: eps, decay: decay,
                stepSize: stepSize, bc2Sqrt: bc2Sqrt)
        }
    }

    /// The update over one range, eight lanes at a time (the compiler does not vectorize the
    /// scalar form: it cannot see that the four arrays never overlap).
    private static func step(
        p: UnsafeMutablePointer<Float>, g: UnsafeMutablePointer<Float>,
        m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>, range: Range<Int>,
        b1: Float, b2: Float, eps: Float, decay: Float, stepSize: Float, bc2Sqrt: Float
    ) {
        typealias V = SIMD8<Float>
        var i = range.lowerBound
        while i + 8 <= range.upperBound {
            let gi = V.load(g + i)
            let mi = b1 * V.load(m + i) + (1 - b1) * gi
            let vi = b2 * V.load(v + i) + (1 - b2) * gi * gi
            mi.store(m + i)
            vi.store(v + i)
            let pi = V.load(p + i) * decay - stepSize * mi / (vi.squareRoot() / bc2Sqrt + eps)
            pi.store(p + i)
            i += 8
        }
        while i < range.upperBound {
            let gi = g[i]
            let mi = b1 * m[i] + (1 - b1) * gi
            let vi = b2 * v[i] + (1 - b2) * gi * gi
            m[i] = mi
            v[i] = vi
            p[i] = p[i] * decay - stepSize * mi / (vi.squareRoot() / bc2Sqrt + eps)
            i += 1
        }
    }
}
