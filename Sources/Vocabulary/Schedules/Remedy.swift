import Foundation

/// One concrete next value for a setting, from the seed's interpretation guide.
package struct Remedy: Sendable, Equatable, Codable {
    package var parameter: String
    package var from: ParameterValue
    package var to: ParameterValue
    package var why: String

    package init(parameter: String, from: ParameterValue, to: ParameterValue, why: String) {
        self.parameter = parameter
        self.from = from
        self.to = to
        self.why = why
    }

    package var text: String { "\(parameter) \(from) → \(to) (\(why))" }
}
