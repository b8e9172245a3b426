/// What an expression or a parameter evaluates to; checked before anything runs.
enum ValueType: String, Sendable {
    case number, bool, text

    var article: String { self == .number ? "a number" : self == .bool ? "a boolean" : "text" }
}
