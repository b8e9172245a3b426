/// An expression compiled for fast evaluation over one point: every value is a Double
/// (booleans 0/1, text an interned id), parameters read from slots or folded to constants.
struct CompiledExpression: Sendable {
    enum Input { case slot(Int), constant(Double) }

    private let body: @Sendable (UnsafeBufferPointer<Double>) -> Double

    func holds(_ point: UnsafeBufferPointer<Double>) -> Bool { body(point) != 0 }

    /// `resolve` gives a name's slot or fixed value; `intern` turns text into its id.
    init(_ e: Expression, resolve: (String) -> Input, intern: (String) -> Double) {
        body = Self.compile(e, resolve, intern)
    }

    private static func compile(_ e: Expression, _ resolve: (String) -> Input, _ intern: (String) -> Double)
        -> @Sendable (UnsafeBufferPointer<Double>) -> Double
    {
        switch e {
        case .number(let v): return { _ in v }
        case .bool(let b):
            let v: Double = b ? 1 : 0
            return { _ in v }
        case .string(let s):
            let v = intern(s)
            return { _ in v }
        case .name(let n, _):
            switch resolve(n) {
            case .slot(let i): return { $0[i] }
            case .constant(let v): return { _ in v }
            }
        case .unary(let op, let a, _):
            let fa = compile(a, resolve, intern)
            switch op {
            case .negate: return { -fa($0) }
            case .not: return { fa($0) == 0 ? 1 : 0 }
            }
        case .call(let f, let args, _):
            let fs = args.map { compile($0, resolve, intern) }
            switch f {
            case .abs:
                let a = fs[0]
                return { Swift.abs(a($0)) }
            case .min: return { p in fs.dropFirst().reduce(fs[0](p)) { Swift.min($0, $1(p)) } }
            case .max: return { p in fs.dropFirst().reduce(fs[0](p)) { Swift.max($0, $1(p)) } }
            }
        case .binary(let op, let a, let b, _):
            let fa = compile(a, resolve, intern)
            let fb = compile(b, resolve, intern)
            switch op {
            case .or: return { fa($0) != 0 || fb($0) != 0 ? 1 : 0 }
            case .and: return { fa($0) != 0 && fb($0) != 0 ? 1 : 0 }
            case .equal: return { fa($0) == fb($0) ? 1 : 0 }
            case .notEqual: return { fa($0) != fb($0) ? 1 : 0 }
            case .less: return { fa($0) < fb($0) ? 1 : 0 }
            case .lessOrEqual: return { fa($0) <= fb($0) ? 1 : 0 }
            case .greater: return { fa($0) > fb($0) ? 1 : 0 }
            case .greaterOrEqual: return { fa($0) >= fb($0) ? 1 : 0 }
            case .add: return { fa($0) + fb($0) }
            case .subtract: return { fa($0) - fb($0) }
            case .multiply: return { fa($0) * fb($0) }
            case .divide: return { fa($0) / fb($0) }
            case .remainder: return { fa($0).truncatingRemainder(dividingBy: fb($0)) }
            }
        }
    }
}
