import Foundation

/// One benchmark setting as a value a sweep file can hold.
package enum ParameterValue: Sendable, Hashable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)

    package var description: String {
        switch self {
        case .int(let v): return String(v)
        case .double(let v): return NumberText.shortest(v)
        case .bool(let v): return v ? "true" : "false"
        case .string(let v): return v
        }
    }

    /// The value as a Double where it is a number (ints widen).
    package var number: Double? {
        switch self {
        case .int(let v): return Double(v)
        case .double(let v): return v
        default: return nil
        }
    }
}
