/// Type checking of a parsed expression: what each operator needs, known names only; and no
/// division by a constant 0.
enum ExpressionChecker {
    /// Returns the expression's type, or nil after reporting a problem through `report`.
    /// `nameType` gives a name's type from the name and its offset, or nil (after reporting it)
    /// for a name it does not know; every name is visited once.
    static func type(
        of e: Expression, nameType: (String, Int) -> ValueType?,
        report: (String, Int) -> Void
    ) -> ValueType? {
        func go(_ e: Expression) -> ValueType? {
            switch e {
            case .number: return .number
            case .string: return .text
            case .bool: return .bool
            case .name(let n, let at): return nameType(n, at)
            case .unary(let op, let a, let at):
                guard let t = go(a) else { return nil }
                let need: ValueType = op == .not ? .bool : .number
                guard t == need else {
                    report("'\(op.rawValue)' needs \(need.article), got \(t.article)", at)
                    return nil
                }
                return need
            case .call(let f, let args, let at):
                let types = args.map(go)
                guard types.allSatisfy({ $0 != nil }) else { return nil }
                guard types.allSatisfy({ $0 == .number }) else {
                    report("\(f.rawValue)() needs numbers", at)
                    return nil
                }
                return .number
            case .binary(let op, let a, let b, let at):
                let ta = go(a)
                let tb = go(b)
                guard let ta, let tb else { return nil }
                if op == .and || op == .or {
                    guard ta == .bool, tb == .bool else {
                        report("'\(op.rawValue)' joins conditions, got \(ta == .bool ? tb.article : ta.article)", at)
                        return nil
                    }
                    return .bool
                }
                if op == .equal || op == .notEqual {
                    guard ta == tb else {
                        report("'\(op.rawValue)' compares \(ta.article) with \(tb.article)", at)
                        return nil
                    }
                    return .bool
                }
                guard ta == .number, tb == .number else {
                    report("'\(op.rawValue)' needs numbers, got \(ta != .number ? ta.article : tb.article)", at)
                    return nil
                }
                return op.isComparison ? .bool : .number
            }
        }
        return go(e)
    }

    /// Each `/` and `%` whose divisor reads no parameter and is 0 (`x / 0`, `x % (2 - 2)`): its
    /// operator and the operator's offset. A divisor that reads parameters is checked at every
    /// point the planner evaluates.
    static func constantZeroDivisors(in e: Expression) -> [(op: Expression.BinaryOperator, offset: Int)] {
        switch e {
        case .number, .string, .bool, .name: return []
        case .unary(_, let a, _): return constantZeroDivisors(in: a)
        case .call(_, let args, _): return args.flatMap(constantZeroDivisors(in:))
        case .binary(let op, let a, let b, let at):
            let inner = constantZeroDivisors(in: a) + constantZeroDivisors(in: b)
            guard op == .divide || op == .remainder, b.names.isEmpty,
                CompiledExpression(constant: b).constantValue == 0
            else { return inner }
            return inner + [(op, at)]
        }
    }
}
