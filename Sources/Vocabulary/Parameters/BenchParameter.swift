import Foundation

/// The table every other part reads: name, kind, default, domain and which schedules a setting
/// changes (the planner shares one baseline run between points that differ only elsewhere).
package struct BenchParameter: Sendable {
    package enum Binding: Sendable {
        case int(WritableKeyPath<BenchConfig, Int> & Sendable)
        case double(WritableKeyPath<BenchConfig, Double> & Sendable)
        case bool(WritableKeyPath<BenchConfig, Bool> & Sendable)
        case metric
        case recoveryMode
        case text(WritableKeyPath<BenchConfig, String> & Sendable)
    }

    /// snake_case, as in the JSON `config`; the flag is the kebab-case form.
    package let name: String
    package let binding: Binding
    package let domain: ParameterDomain
    package let schedules: Set<Schedule>
    package let help: String

    package var flag: String { "--" + name.replacingOccurrences(of: "_", with: "-") }

    package func value(in config: BenchConfig) -> ParameterValue {
        switch binding {
        case .int(let kp): return .int(config[keyPath: kp])
        case .double(let kp): return .double(config[keyPath: kp])
        case .bool(let kp): return .bool(config[keyPath: kp])
        case .metric: return .string(config.dynRelevanceMetric.rawValue)
        case .recoveryMode: return .string(config.dynFinalRecoveryMode.rawValue)
        case .text(let kp): return .string(config[keyPath: kp])
        }
    }

    /// Sets the value, converting ints to doubles where the setting is a double. Returns false
    /// when the value has the wrong type or is not among the choices.
    package func assign(_ value: ParameterValue, to config: inout BenchConfig) -> Bool {
        switch (binding, value) {
        case (.int(let kp), .int(let v)): config[keyPath: kp] = v
        case (.double(let kp), .double(let v)): config[keyPath: kp] = v
        case (.double(let kp), .int(let v)): config[keyPath: kp] = Double(v)
        case (.bool(let kp), .bool(let v)): config[keyPath: kp] = v
        case (.metric, .string(let v)):
            guard let m = RelevanceMetric(rawValue: v) else { return false }
            config.dynRelevanceMetric = m
        case (.recoveryMode, .string(let v)):
            guard let m = RecoveryMode(rawValue: v) else { return false }
            config.dynFinalRecoveryMode = m
        case (.text(let kp), .string(let v)):
            if case .choice(let options) = domain, !options.contains(v) { return false }
            config[keyPath: kp] = v
        default: return false
        }
        return true
    }

    /// Why `value` is outside this setting's domain, or nil when it is inside.
    package func domainViolation(_ value: ParameterValue, nLayers: Int) -> String? {
        switch (domain, value) {
        case (.positiveInt, .int(let v)) where v < 1: return "must be a positive integer, got \(v)"
        case (.nonNegativeInt, .int(let v)) where v < 0: return "must be 0 or more, got \(v)"
        case (.layerCount, .int(let v)) where v < 0 || v > nLayers:
            return "must be between 0 and n_layers (\(nLayers)), got \(v)"
        case (.unitInterval, _) where !(value.number.map { $0 > 0 && $0 <= 1 } ?? true):
            return "must be in (0, 1], got \(value)"
        case (.fraction, _) where !(value.number.map { $0 >= 0 && $0 <= 1 } ?? true):
            return "must be in [0, 1], got \(value)"
        case (.openFraction, _) where !(value.number.map { $0 >= 0 && $0 < 1 } ?? true):
            return "must be in [0, 1), got \(value)"
        case (.positiveDouble, _) where !(value.number.map { $0 > 0 && $0.isFinite } ?? true):
            return "must be a positive number, got \(value)"
        case (.nonNegativeDouble, _) where !(value.number.map { $0 >= 0 && $0.isFinite } ?? true):
            return "must be 0 or more, got \(value)"
        case (.choice(let options), .string(let v)) where !options.contains(v):
            return "must be one of \(options.joined(separator: ", ")), got '\(v)'"
        default: return nil
        }
    }

    /// What a value of this setting looks like, for messages: "an integer", "one of full, staged".
    package var kindDescription: String {
        switch binding {
        case .int: return "an integer"
        case .double: return "a number"
        case .bool: return "true or false"
        case .metric, .recoveryMode, .text:
            if case .choice(let options) = domain { return "one of \(options.joined(separator: ", "))" }
            return "text"
        }
    }

    package static func named(_ name: String) -> BenchParameter? {
        let key = name.replacingOccurrences(of: "-", with: "_")
        return all.first { $0.name == key }
    }
}
