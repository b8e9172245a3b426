import Vocabulary

/// Which parameter names a sweep may use and what values they take. The builtin and torch
/// runners take the benchmark's settings (BenchParameter.all, snake_case, kebab-case accepted);
/// a command runner takes any name the user likes, with any scalar value.
struct ParameterCatalog {
    enum Mode { case benchmark, command }
    let mode: Mode

    /// Settings that are not sweep parameters, and why.
    static let excluded: [String: String] = [
        "device": "the device comes from execution.devices, not from a parameter",
        "seed": "use the top-level 'seeds' list for repeats",
        "json_out": "blocksweep chooses where each job writes its result"
    ]

    static let sweepable: [BenchParameter] = BenchParameter.all.filter { excluded[$0.name] == nil }
    private static let byName: [String: BenchParameter] =
        Dictionary(uniqueKeysWithValues: sweepable.map { ($0.name, $0) })

    static let layerCountNames: Set<String> = [
        "static_active_layers", "dyn_min_active_layers", "dyn_max_active_layers",
        "dyn_final_recovery_stage1_layers", "dyn_final_recovery_stage2_layers"
    ]

    static func parameter(_ name: String) -> BenchParameter? { byName[name] }

    /// The canonical name, or nil after reporting why the name is not allowed.
    func canonicalName(_ raw: String, at location: SourceLocation, sink: inout DiagnosticSink) -> String? {
        switch mode {
        case .command:
            let ok =
                raw.first.map { $0.isLetter || $0 == "_" } == true
                && raw.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
            if !ok {
                sink.error(
                    "parameter name '\(raw)' must start with an ASCII letter or '_' and hold only ASCII letters, "
                        + "digits, '_' and '-'", at: location)
                return nil
            }
            // {seed}, {device} and {result} are filled in by blocksweep: a parameter of that name
            // would be silently replaced in the argv.
            if RunnerSpec.builtinPlaceholders.contains(raw) {
                let use = raw == "seed" ? "list seeds under seeds" : "pick another name"
                sink.error("'\(raw)' is not a parameter name: blocksweep fills {\(raw)} itself; \(use)", at: location)
                return nil
            }
            return raw
        case .benchmark:
            let name = raw.replacingOccurrences(of: "-", with: "_")
            if let why = Self.excluded[name] {
                sink.error("'\(raw)' is not a sweep parameter: \(why)", at: location)
                return nil
            }
            guard Self.byName[name] != nil else {
                let hint = NameSuggester.hint(for: name, among: Self.sweepable.map(\.name))
                sink.error("unknown parameter '\(raw)'\(hint)", at: location)
                return nil
            }
            return name
        }
    }

    /// The value typed for the parameter (ints widen to doubles where the setting is a
    /// double), or nil after reporting a wrong type or a value outside the setting's domain.
    func value(
        of scalar: YAMLNode.Scalar, for name: String, at location: SourceLocation,
        sink: inout DiagnosticSink
    ) -> ParameterValue? {
        guard mode == .benchmark, let p = Self.byName[name] else {
            switch scalar {
            case .null:
                sink.error("\(name) needs a value, got nothing (null)", at: location)
                return nil
            case .bool(let b): return .bool(b)
            case .int(let i): return .int(i)
            case .double(let d): return .double(d)
            case .string(let s): return .string(s)
            }
        }
        let typed: ParameterValue?
        switch (p.binding, scalar) {
        case (.int, .int(let i)): typed = .int(i)
        case (.double, .int(let i)): typed = .double(Double(i))
        case (.double, .double(let d)) where d.isFinite: typed = .double(d)
        case (.bool, .bool(let b)): typed = .bool(b)
        case (.metric, .string(let s)), (.recoveryMode, .string(let s)), (.text, .string(let s)):
            typed = .string(s)
        default: typed = nil
        }
        guard let typed else {
            sink.error(
                "\(name) must be \(p.kindDescription), got \(YAMLNode.scalar(scalar, location).kindDescription)",
                at: location)
            return nil
        }
        if case .choice(let options) = p.domain, case .string(let s) = typed, !options.contains(s) {
            let hint = NameSuggester.hint(for: s, among: options)
            sink.error("\(name) must be one of \(options.joined(separator: ", ")), got '\(s)'\(hint)", at: location)
            return nil
        }
        if let why = p.domainViolation(typed, nLayers: Int.max) {
            sink.error("\(name) \(why)", at: location)
            return nil
        }
        return typed
    }

    /// The type a `where` expression sees for a name, or nil when the name is unknown.
    func expressionType(_ name: String, defined: [String: ParameterValue]) -> ValueType? {
        if mode == .benchmark {
            guard let p = Self.byName[name] else { return nil }
            switch p.binding {
            case .int, .double: return .number
            case .bool: return .bool
            case .metric, .recoveryMode, .text: return .text
            }
        }
        switch defined[name] {
        case .int?, .double?: return .number
        case .bool?: return .bool
        case .string?: return .text
        case nil: return nil
        }
    }
}
