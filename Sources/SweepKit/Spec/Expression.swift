/// A `where` constraint: arithmetic, comparisons and `and`/`or`/`not` over parameter names.
/// Offsets count characters from the start of the expression text (for diagnostics).
package indirect enum Expression: Sendable, Equatable {
    case number(Double)
    case string(String)
    case bool(Bool)
    case name(String, offset: Int)
    case unary(UnaryOperator, Expression, offset: Int)
    case binary(BinaryOperator, Expression, Expression, offset: Int)
    case call(Function, [Expression], offset: Int)

    package enum UnaryOperator: String, Sendable { case negate = "-", not }

    package enum BinaryOperator: String, Sendable, CaseIterable {
        case or, and
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"

        var isComparison: Bool { [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual].contains(self) }
    }

    package enum Function: String, Sendable, CaseIterable { case min, max, abs }

    /// Every parameter name the expression reads.
    package var names: [String] {
        switch self {
        case .number, .string, .bool: return []
        case .name(let n, _): return [n]
        case .unary(_, let e, _): return e.names
        case .binary(_, let a, let b, _): return a.names + b.names
        case .call(_, let args, _): return args.flatMap(\.names)
        }
    }

    /// The divisor of the `/` or `%` whose operator sits at `offset`.
    func divisor(ofOperatorAt offset: Int) -> Expression? {
        switch self {
        case .number, .string, .bool, .name: return nil
        case .unary(_, let e, _): return e.divisor(ofOperatorAt: offset)
        case .binary(let op, let a, let b, let at):
            if at == offset && (op == .divide || op == .remainder) { return b }
            return a.divisor(ofOperatorAt: offset) ?? b.divisor(ofOperatorAt: offset)
        case .call(_, let args, _): return args.lazy.compactMap { $0.divisor(ofOperatorAt: offset) }.first
        }
    }

    /// Where the operand after the operator at `offset` starts in the expression's `text`.
    static func operandOffset(after offset: Int, in text: String) -> Int {
        let rest = text.dropFirst(offset + 1)
        return offset + 1 + rest.prefix { $0 == " " || $0 == "\t" }.count
    }
}
