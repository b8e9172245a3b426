/// An expression compiled for fast evaluation over one point: every value is a Double
/// (booleans 0/1, text an interned id), parameters read from slots or folded to constants.
/// `and` and `or` read their right side only when the left does not decide. A `/` or `%` whose
/// divisor is 0 is no value at all: evaluation says which one it met instead (IEEE would give
/// infinity or NaN, which every comparison then silently keeps or drops).
struct CompiledExpression: Sendable {
    enum Input { case slot(Int), constant(Double) }

    /// What a condition says of one point.
    enum Outcome: Equatable {
        case holds, fails
        /// The `/` or `%` at this offset of the expression's text met a divisor of 0.
        case dividesByZero(operatorOffset: Int)
    }

    /// The value at a point; `zero` is set to the offset of the first division by 0 it met.
    private let body: @Sendable (UnsafeBufferPointer<Double>, inout Int?) -> Double

    func evaluate(_ point: UnsafeBufferPointer<Double>) -> Outcome {
        var zero: Int? = nil
        let v = body(point, &zero)
        if let zero { return .dividesByZero(operatorOffset: zero) }
        return v != 0 ? .holds : .fails
    }

    /// The value of an expression compiled with `init(constant:)`; nil when it divides by 0.
    var constantValue: Double? {
        var zero: Int? = nil
        let v = body(UnsafeBufferPointer(start: nil, count: 0), &zero)
        return zero == nil ? v : nil
    }

    /// `resolve` gives a name's slot or fixed value; `intern` turns text into its id.
    init(_ e: Expression, resolve: (String) -> Input, intern: (String) -> Double) {
        body = Self.compile(e, resolve, intern)
    }

    /// An expression that reads no parameter (its names resolve to nothing).
    init(constant e: Expression) {
        self.init(e, resolve: { _ in .constant(.nan) }, intern: { _ in 0 })
    }

    private static func compile(_ e: Expression, _ resolve: (String) -> Input, _ intern: (String) -> Double)
        -> @Sendable (UnsafeBufferPointer<Double>, inout Int?) -> Double
    {
        switch e {
        case .number(let v): return { _, _ in v }
        case .bool(let b):
            let v: Double = b ? 1 : 0
            return { _, _ in v }
        case .string(let s):
            let v = intern(s)
            return { _, _ in v }
        case .name(let n, _):
            switch resolve(n) {
            case .slot(let i): return { p, _ in p[i] }
            case .constant(let v): return { _, _ in v }
            }
        case .unary(let op, let a, _):
            let fa = compile(a, resolve, intern)
            switch op {
            case .negate: return { p, z in -fa(p, &z) }
            case .not: return { p, z in fa(p, &z) == 0 ? 1 : 0 }
            }
        case .call(let f, let args, _):
            let fs = args.map { compile($0, resolve, intern) }
            switch f {
            case .abs:
                let a = fs[0]
                return { p, z in Swift.abs(a(p, &z)) }
            case .min: return { p, z in fs.dropFirst().reduce(fs[0](p, &z)) { Swift.min($0, $1(p, &z)) } }
            case .max: return { p, z in fs.dropFirst().reduce(fs[0](p, &z)) { Swift.max($0, $1(p, &z)) } }
            }
        case .binary(let op, let a, let b, let at):
            let fa = compile(a, resolve, intern)
            let fb = compile(b, resolve, intern)
            /// The divisor, noting the first one that is 0.
            let divisor: @Sendable (UnsafeBufferPointer<Double>, inout Int?) -> Double = { p, z in
                let d = fb(p, &z)
                if d == 0 && z == nil { z = at }
                return d
            }
            switch op {
            case .or: return { p, z in fa(p, &z) != 0 || fb(p, &z) != 0 ? 1 : 0 }
            case .and: return { p, z in fa(p, &z) != 0 && fb(p, &z) != 0 ? 1 : 0 }
            case .equal: return { p, z in fa(p, &z) == fb(p, &z) ? 1 : 0 }
            case .notEqual: return { p, z in fa(p, &z) != fb(p, &z) ? 1 : 0 }
            case .less: return { p, z in fa(p, &z) < fb(p, &z) ? 1 : 0 }
            case .lessOrEqual: return { p, z in fa(p, &z) <= fb(p, &z) ? 1 : 0 }
            case .greater: return { p, z in fa(p, &z) > fb(p, &z) ? 1 : 0 }
            case .greaterOrEqual: return { p, z in fa(p, &z) >= fb(p, &z) ? 1 : 0 }
            case .add: return { p, z in fa(p, &z) + fb(p, &z) }
            case .subtract: return { p, z in fa(p, &z) - fb(p, &z) }
            case .multiply: return { p, z in fa(p, &z) * fb(p, &z) }
            case .divide: return { p, z in fa(p, &z) / divisor(p, &z) }
            case .remainder: return { p, z in fa(p, &z).truncatingRemainder(dividingBy: divisor(p, &z)) }
            }
        }
    }
}
