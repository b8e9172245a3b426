/// A fixed-size float32 array allocated once. The engine allocates every buffer before the first
/// step, so memory stays flat however long a run goes.
package final class FloatBuffer: @unchecked Sendable {
    package let count: Int
    package let pointer: UnsafeMutablePointer<Float>

    package init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    package convenience init(_ values: [Float]) {
        self.init(count: values.count)
        for i in 0..<values.count { pointer[i] = values[i] }
    }

    deinit { pointer.deallocate() }

    package subscript(i: Int) -> Float {
        get { pointer[i] }
        set { pointer[i] = newValue }
    }

    package var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    package func copy(from other: FloatBuffer) {
        precondition(other.count == count)
        pointer.update(from: other.pointer, count: count)
    }

    package func fill(_ value: Float) { pointer.update(repeating: value, count: count) }
}
