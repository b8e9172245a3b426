import Dispatch

/// Splits elementwise work into `threads` contiguous chunks run at once. Chunk bounds depend
/// only on the count and the thread count, so results are the same run after run.
struct Parallel: Sendable {
    let threads: Int

    /// Below this many elements one thread is faster than waking others.
    static let minimumParallelWork = 32_768

    func chunks(count: Int, work: Int, _ body: (Range<Int>) -> Void) {
        let parts = (threads > 1 && work >= Self.minimumParallelWork) ? min(threads, count) : 1
        if parts <= 1 {
            body(0..<count)
            return
        }
        withoutActuallyEscaping(body) { body in
            let box = UncheckedBox(body)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let lo = count * part / parts
                let hi = count * (part + 1) / parts
                box.value(lo..<hi)
            }
        }
    }

    /// Per-chunk partial sums added in chunk order (deterministic for a given thread count).
    func sum(count: Int, work: Int, _ body: (Range<Int>) -> Double) -> Double {
        let parts = (threads > 1 && work >= Self.minimumParallelWork) ? min(threads, count) : 1
        if parts <= 1 { return body(0..<count) }
        let partials = UnsafeMutablePointer<Double>.allocate(capacity: parts)
        defer { partials.deallocate() }
        let out = UncheckedBox(partials)
        withoutActuallyEscaping(body) { body in
            let box = UncheckedBox(body)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let lo = count * part / parts
                let hi = count * (part + 1) / parts
                out.value[part] = box.value(lo..<hi)
            }
        }
        var total = 0.0
        for p in 0..<parts { total += partials[p] }
        return total
    }
}
