import Dispatch

/// Carries a non-Sendable value into concurrentPerform; each chunk touches disjoint memory.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
