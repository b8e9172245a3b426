/// The elementwise parts of the model, on raw row-major float32 buffers. Row loops keep every
/// reduction inside one row, so chunks can run on separate threads.
enum Kernels {
    /// float32 machine epsilon, as torch.finfo(float32).eps in the reference rmsnorm.
    static let rmsEps: Float = 1.1920929e-07

    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc0 = SIMD8<Float>()
        var acc1 = SIMD8<Float>()
        var i = 0
        let ra = UnsafeRawPointer(a)
        let rb = UnsafeRawPointer(b)
        while i + 16 <= n {
            acc0 +=
                ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            acc1 +=
                ra.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self)
            i += 16
        }
        var total = (acc0 + acc1).sum()
        while i < n {
            total += a[i] * b[i]
            i += 1
        }
        return total
    }

    /// out = x / sqrt(mean(x²) + eps) per row; invS keeps 1/sqrt(…) for the backward pass.
    static func rmsNormForward(
        _ x: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>,
        invS: UnsafeMutablePointer<Float>, rows: Range<Int>, width d: Int
    ) {
        for r in rows {
            let xr = x + r * d
            let or = out + r * d
            let inv = 1 / (dot(xr, xr, d) / Float(d) + rmsEps).squareRoot()
            invS[r] = inv
            for j in 0..<d { or[j] = xr[j] * inv }
        }
    }

    /// Backward of rmsnorm given n = x·invS: dx = invS·(dn − n·mean(dn⊙n)); adds into dx when
    /// `accumulate` (the residual path already put dL/dx_out there).
    static func rmsNormBackward(
        _ dn: UnsafePointer<Float>, normed n: UnsafePointer<Float>,
        invS: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>,
        rows: Range<Int>, width d: Int, accumulate: Bool
    ) {
        for r in rows {
            let dnr = dn + r * d
            let nr = n + r * d
            let dxr = dx + r * d
            let mean = dot(dnr, nr, d) / Float(d)
            let inv = invS[r]
            if accumulate {
                for j in 0..<d { dxr[j] += inv * (dnr[j] - nr[j] * mean) }
            } else {
                for j in 0..<d { dxr[j] = inv * (dnr[j] - nr[j] * mean) }
            }
        }
    }

    /// Training forward of relu(a)²: keeps relu(a) and relu(a)² for backward.
    static func reluSquareKeeping(
        _ a: UnsafePointer<Float>, relu: UnsafeMutablePointer<Float>,
        squared: UnsafeMutablePointer<Float>, range: Range<Int>
    ) {
        var i = range.lowerBound
        while i + 8 <= range.upperBound {
            let r = SIMD8.load(a + i).clampedAtZero
            r.store(relu + i)
            (r * r).store(squared + i)
            i += 8
        }
        while i < range.upperBound {
            let r = max(a[i], 0)
            relu[i] = r
            squared[i] = r * r
            i += 1
        }
    }

    /// Inference forward of relu(a)², in place.
    static func reluSquare(_ a: UnsafeMutablePointer<Float>, range: Range<Int>) {
        var i = range.lowerBound
        while i + 8 <= range.upperBound {
            let r = SIMD8.load(a + i).clampedAtZero
            (r * r).store(a + i)
            i += 8
        }
        while i < range.upperBound {
            let r = max(a[i], 0)
            a[i] = r * r
            i += 1
        }
    }

    /// d/da relu(a)² = 2·relu(a): grad *= 2·relu, in place.
    static func reluSquareBackward(
        _ grad: UnsafeMutablePointer<Float>, relu: UnsafePointer<Float>,
        range: Range<Int>
    ) {
        var i = range.lowerBound
        while i + 8 <= range.upperBound {
            (SIMD8.load(grad + i) * 2 * SIMD8.load(relu + i)).store(grad + i)
            i += 8
        }
        while i < range.upperBound {
            grad[i] *= 2 * relu[i]
            i += 1
        }
    }

    /// Sum of (y − t)² over the range; writes dL/dy = 2(y − t)/count for the mean loss.
    static func squaredErrorAndGradient(
        _ y: UnsafePointer<Float>, target t: UnsafePointer<Float>,
        grad: UnsafeMutablePointer<Float>?, count: Int,
        range: Range<Int>
    ) -> Double {
        let scale = 2 / Float(count)
        var total = 0.0
        var i = range.lowerBound
        while i < range.upperBound {
            let end = min(i + 1024, range.upperBound)
            var partial: Float = 0
            for j in i..<end {
                let diff = y[j] - t[j]
                partial += diff * diff
                grad?[j] = scale * diff
            }
            total += Double(partial)
            i = end
        }
        return total
    }

    /// Σx² and Σ|g·w| over a range, in double across blocks of 1024 floats.
    static func sumSquares(_ x: UnsafePointer<Float>, range: Range<Int>) -> Double {
        var total = 0.0
        var i = range.lowerBound
        while i < range.upperBound {
            let end = min(i + 1024, range.upperBound)
            total += Double(dot(x + i, x + i, end - i))
            i = end
        }
        return total
    }

    static func sumAbsProduct(_ g: UnsafePointer<Float>, _ w: UnsafePointer<Float>, range: Range<Int>) -> Double {
        var total = 0.0
        var i = range.lowerBound
        while i < range.upperBound {
            let end = min(i + 1024, range.upperBound)
            var partial: Float = 0
            for j in i..<end { partial += abs(g[j] * w[j]) }
            total += Double(partial)
            i = end
        }
        return total
    }
}
