import Foundation
import Vocabulary

/// Reads `sample: {count, seed, params: {p: {uniform|loguniform|int|choice: …}}}` and draws its
/// points, so the planner sees the sample as one more dimension of fixed rows.
struct SampleReader {
    static let maxCount = 10_000_000

    enum Distribution {
        case uniform(Double, Double), logUniform(Double, Double), int(Int, Int), choice([ParameterValue])
    }

    let catalog: ParameterCatalog

    func dimension(
        _ node: YAMLNode, sink: inout DiagnosticSink,
        claim: (String, SourceLocation, inout DiagnosticSink) -> Bool
    ) -> SweepSpec.Dimension? {
        guard case .mapping(let entries, let loc) = node else {
            sink.error(
                "sample must be a mapping with count, seed and params, got \(node.kindDescription)", at: node.location)
            return nil
        }
        var count: Int?
        var seed: UInt64 = 0
        var params: [(String, Distribution)] = []
        var sawParams = false
        var ok = true
        for e in entries {
            switch e.key {
            case "count":
                if case .scalar(.int(let c), let l) = e.value {
                    if c < 1 || c > Self.maxCount {
                        sink.error("sample count must be between 1 and \(Self.maxCount), got \(c)", at: l)
                        ok = false
                    } else {
                        count = c
                    }
                } else {
                    sink.error(
                        "sample count must be a positive integer, got \(e.value.kindDescription)", at: e.value.location)
                    ok = false
                }
            case "seed":
                if case .scalar(.int(let s), _) = e.value {
                    seed = UInt64(bitPattern: Int64(s))
                } else {
                    sink.error("sample seed must be an integer, got \(e.value.kindDescription)", at: e.value.location)
                    ok = false
                }
            case "params":
                sawParams = true
                guard case .mapping(let ps, _) = e.value, !ps.isEmpty else {
                    sink.error("sample params must be a mapping of parameter to distribution", at: e.value.location)
                    ok = false
                    continue
                }
                for p in ps {
                    guard let name = catalog.canonicalName(p.key, at: p.keyLocation, sink: &sink),
                        claim(name, p.keyLocation, &sink)
                    else {
                        ok = false
                        continue
                    }
                    if let d = distribution(p.value, for: name, sink: &sink) {
                        params.append((name, d))
                    } else {
                        ok = false
                    }
                }
            default:
                sink.error(
                    "unknown key '\(e.key)' in sample\(NameSuggester.hint(for: e.key, among: ["count", "seed", "params"]))",
                    at: e.keyLocation)
                ok = false
            }
        }
        if count == nil && ok {
            sink.error("sample needs 'count'", at: loc)
            ok = false
        }
        if !sawParams {
            sink.error("sample needs 'params'", at: loc)
            ok = false
        }
        guard ok, let count else { return nil }

        var rng = SplitMix64(seed: seed)
        var rows: [[ParameterValue]] = []
        rows.reserveCapacity(count)
        for _ in 0..<count {
            rows.append(params.map { name, d in draw(d, for: name, &rng) })
        }
        return SweepSpec.Dimension(kind: .sample, names: params.map(\.0), rows: rows, location: loc)
    }

    private func draw(_ d: Distribution, for name: String, _ rng: inout SplitMix64) -> ParameterValue {
        switch d {
        case .uniform(let a, let b): return number(a + (b - a) * rng.unit(), for: name)
        case .logUniform(let a, let b): return number(exp(log(a) + (log(b) - log(a)) * rng.unit()), for: name)
        case .int(let a, let b):
            let v = rng.int(in: a, b)
            return isDoubleParameter(name) ? .double(Double(v)) : .int(v)
        case .choice(let options): return options[rng.int(in: 0, options.count - 1)]
        }
    }

    /// Six significant digits: enough for any hyperparameter, short in tables and ids.
    private func number(_ v: Double, for name: String) -> ParameterValue {
        .double(Double(NumberText.significant(v, 6)) ?? v)
    }

    private func isDoubleParameter(_ name: String) -> Bool {
        guard catalog.mode == .benchmark, let p = ParameterCatalog.parameter(name), case .double = p.binding else {
            return false
        }
        return true
    }

    private func distribution(_ node: YAMLNode, for name: String, sink: inout DiagnosticSink) -> Distribution? {
        let kinds = ["uniform", "loguniform", "int", "choice"]
        guard case .mapping(let entries, _) = node, entries.count == 1, let e = entries.first else {
            sink.error(
                "\(name) needs one distribution: {uniform: [a, b]}, {loguniform: [a, b]}, {int: [a, b]} or {choice: [...]}",
                at: node.location)
            return nil
        }
        guard kinds.contains(e.key) else {
            sink.error(
                "unknown distribution '\(e.key)' for \(name) (use uniform, loguniform, int or choice)\(NameSuggester.hint(for: e.key, among: kinds))",
                at: e.keyLocation)
            return nil
        }
        guard case .sequence(let items, let listLoc) = e.value else {
            sink.error("\(e.key) needs a list, got \(e.value.kindDescription)", at: e.value.location)
            return nil
        }
        if e.key == "choice" {
            guard !items.isEmpty else {
                sink.error("choice for \(name) has no options", at: listLoc)
                return nil
            }
            var options: [ParameterValue] = []
            for item in items {
                guard case .scalar(let s, let l) = item else {
                    sink.error("choice options must be single values, got \(item.kindDescription)", at: item.location)
                    return nil
                }
                guard let v = catalog.value(of: s, for: name, at: l, sink: &sink) else { return nil }
                options.append(v)
            }
            return .choice(options)
        }
        guard items.count == 2 else {
            sink.error(
                "\(e.key) needs exactly two bounds [low, high], got \(items.count) value\(items.count == 1 ? "" : "s")",
                at: listLoc)
            return nil
        }
        if catalog.mode == .benchmark, e.key != "int", let p = ParameterCatalog.parameter(name), case .int = p.binding {
            sink.error("\(name) takes integers: use {int: [a, b]}", at: e.keyLocation)
            return nil
        }
        var bounds: [Double] = []
        for item in items {
            let v: Double
            switch item {
            case .scalar(.int(let i), _): v = Double(i)
            case .scalar(.double(let d), _) where d.isFinite && e.key != "int": v = d
            default:
                sink.error(
                    "\(e.key) bounds must be \(e.key == "int" ? "integers" : "numbers"), got \(item.kindDescription)",
                    at: item.location)
                return nil
            }
            // Each bound must itself be a valid value, so every draw between them is too.
            let scalar: YAMLNode.Scalar = e.key == "int" ? .int(Int(v)) : .double(v)
            guard catalog.value(of: scalar, for: name, at: item.location, sink: &sink) != nil else { return nil }
            bounds.append(v)
        }
        let (a, b) = (bounds[0], bounds[1])
        guard a < b || (e.key == "int" && a == b) else {
            sink.error("\(e.key) bounds must rise: \(formatNumber(a)) is not below \(formatNumber(b))", at: listLoc)
            return nil
        }
        switch e.key {
        case "uniform": return .uniform(a, b)
        case "loguniform":
            guard a > 0 else {
                sink.error("loguniform needs bounds above 0", at: listLoc)
                return nil
            }
            return .logUniform(a, b)
        default: return .int(Int(a), Int(b))
        }
    }
}
