import Vocabulary

/// Parses `where` expressions. Grammar, loosest first:
///   or → and ("or" and)* ; and → not ("and" not)* ; not → "not" not | comparison
///   comparison → sum (("=="|"!="|"<"|"<="|">"|">=") sum)?
///   sum → product (("+"|"-") product)* ; product → unary (("*"|"/"|"%") unary)*
///   unary → "-" unary | primary ; primary → number | 'text' | true | false | name | f(args) | "(" or ")"
struct ExpressionParser {
    struct Failure: Error, Equatable {
        var message: String
        var offset: Int
    }

    private enum Token: Equatable {
        case number(Double), text(String), word(String), symbol(String), end
    }

    private var tokens: [(token: Token, offset: Int)] = []
    private var position = 0

    static func parse(_ text: String) -> Result<Expression, Failure> {
        var parser = ExpressionParser()
        do {
            parser.tokens = try tokenize(text)
            let e = try parser.parseOr()
            if case (let token, let offset) = parser.tokens[parser.position], token != .end {
                throw Failure(message: "unexpected \(describe(token)) after a complete expression", offset: offset)
            }
            return .success(e)
        } catch let f as Failure {
            return .failure(f)
        } catch {
            return .failure(Failure(message: "\(error)", offset: 0))
        }
    }

    private static func describe(_ t: Token) -> String {
        switch t {
        case .number(let v): return "number \(NumberText.shortest(v))"
        case .text(let s): return "text '\(s)'"
        case .word(let w): return "'\(w)'"
        case .symbol(let s): return "'\(s)'"
        case .end: return "end of expression"
        }
    }

    private static func tokenize(_ text: String) throws -> [(token: Token, offset: Int)] {
        let chars = Array(text)
        var out: [(Token, Int)] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" {
                i += 1
                continue
            }
            let start = i
            if c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
                while i < chars.count, chars[i].isNumber || chars[i] == "." { i += 1 }
                if i < chars.count, chars[i] == "e" || chars[i] == "E" {
                    var j = i + 1
                    if j < chars.count, chars[j] == "+" || chars[j] == "-" { j += 1 }
                    if j < chars.count, chars[j].isNumber {
                        i = j
                        while i < chars.count, chars[i].isNumber { i += 1 }
                    }
                }
                guard let v = Double(String(chars[start..<i])) else {
                    throw Failure(message: "malformed number '\(String(chars[start..<i]))'", offset: start)
                }
                out.append((.number(v), start))
            } else if c.isLetter || c == "_" {
                while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" { i += 1 }
                out.append((.word(String(chars[start..<i])), start))
            } else if c == "'" || c == "\"" {
                i += 1
                while i < chars.count, chars[i] != c { i += 1 }
                guard i < chars.count else { throw Failure(message: "text that is never closed", offset: start) }
                out.append((.text(String(chars[(start + 1)..<i])), start))
                i += 1
            } else {
                let two = i + 1 < chars.count ? String(chars[i...i + 1]) : ""
                if ["==", "!=", "<=", ">="].contains(two) {
                    out.append((.symbol(two), start))
                    i += 2
                } else if "+-*/%<>(),".contains(c) {
                    out.append((.symbol(String(c)), start))
                    i += 1
                } else if c == "=" {
                    throw Failure(message: "'=' is not an operator; use '==' to compare", offset: start)
                } else if two == "&&" || two == "||" {
                    throw Failure(message: "use '\(two == "&&" ? "and" : "or")' instead of '\(two)'", offset: start)
                } else if c == "!" {
                    throw Failure(message: "use 'not' instead of '!'", offset: start)
                } else {
                    throw Failure(message: "unexpected character '\(c)'", offset: start)
                }
            }
        }
        out.append((.end, chars.count))
        return out
    }

    private var current: Token { tokens[position].token }
    private var offset: Int { tokens[position].offset }

    private mutating func take(_ symbol: String) -> Bool {
        if current == .symbol(symbol) || current == .word(symbol) {
            position += 1
            return true
        }
        return false
    }

    private mutating func parseOr() throws -> Expression {
        var e = try parseAnd()
        while true {
            let at = offset
            guard take("or") else { return e }
            e = .binary(.or, e, try parseAnd(), offset: at)
        }
    }

    private mutating func parseAnd() throws -> Expression {
        var e = try parseNot()
        while true {
            let at = offset
            guard take("and") else { return e }
            e = .binary(.and, e, try parseNot(), offset: at)
        }
    }

    private mutating func parseNot() throws -> Expression {
        let at = offset
        if take("not") { return .unary(.not, try parseNot(), offset: at) }
        return try parseComparison()
    }

    private mutating func parseComparison() throws -> Expression {
        let left = try parseSum()
        for op in Expression.BinaryOperator.allCases where op.isComparison {
            let at = offset
            if take(op.rawValue) {
                let e = Expression.binary(op, left, try parseSum(), offset: at)
                if case .symbol(let s) = current, ["==", "!=", "<", "<=", ">", ">="].contains(s) {
                    throw Failure(message: "comparisons do not chain; join them with 'and'", offset: offset)
                }
                return e
            }
        }
        return left
    }

    private mutating func parseSum() throws -> Expression {
        var e = try parseProduct()
        while true {
            let at = offset
            if take("+") {
                e = .binary(.add, e, try parseProduct(), offset: at)
            } else if take("-") {
                e = .binary(.subtract, e, try parseProduct(), offset: at)
            } else {
                return e
            }
        }
    }

    private mutating func parseProduct() throws -> Expression {
        var e = try parseUnary()
        while true {
            let at = offset
            if take("*") {
                e = .binary(.multiply, e, try parseUnary(), offset: at)
            } else if take("/") {
                e = .binary(.divide, e, try parseUnary(), offset: at)
            } else if take("%") {
                e = .binary(.remainder, e, try parseUnary(), offset: at)
            } else {
                return e
            }
        }
    }

    private mutating func parseUnary() throws -> Expression {
        let at = offset
        if take("-") { return .unary(.negate, try parseUnary(), offset: at) }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws -> Expression {
        let (token, at) = tokens[position]
        switch token {
        case .number(let v):
            position += 1
            return .number(v)
        case .text(let s):
            position += 1
            return .string(s)
        case .word("true"):
            position += 1
            return .bool(true)
        case .word("false"):
            position += 1
            return .bool(false)
        case .word(let w) where ["and", "or", "not"].contains(w):
            throw Failure(message: "expected a value before '\(w)'", offset: at)
        case .word(let w):
            position += 1
            guard current == .symbol("(") else { return .name(w, offset: at) }
            guard let f = Expression.Function(rawValue: w) else {
                throw Failure(message: "unknown function '\(w)'; known: min, max, abs", offset: at)
            }
            position += 1
            var args: [Expression] = []
            if !take(")") {
                repeat { args.append(try parseOr()) } while take(",")
                guard take(")") else { throw Failure(message: "expected ')' to close \(w)(", offset: offset) }
            }
            let arity = f == .abs ? 1...1 : 2...Int.max
            guard arity.contains(args.count) else {
                throw Failure(
                    message: "\(w) takes \(f == .abs ? "one argument" : "two or more arguments"), got \(args.count)",
                    offset: at)
            }
            return .call(f, args, offset: at)
        case .symbol("("):
            position += 1
            let e = try parseOr()
            guard take(")") else {
                throw Failure(message: "expected ')' to close the '(' at column \(at + 1)", offset: offset)
            }
            return e
        case .end:
            throw Failure(message: "the expression ends where a value is expected", offset: at)
        default:
            throw Failure(message: "expected a value, got \(Self.describe(token))", offset: at)
        }
    }
}
