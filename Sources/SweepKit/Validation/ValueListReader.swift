import Foundation
import Vocabulary

/// Reads the values of one axis: a list, a range `{from, to, step}` (inclusive) or
/// `{from, to, num, scale: linear|log}`.
struct ValueListReader {
    /// Most values one range may produce; a larger one is almost surely a typo in `step`.
    static let maxRangeValues = 10_000_000

    let catalog: ParameterCatalog

    /// `unique`: a grid axis lists each value once (a repeat would only duplicate points); a
    /// zip column may repeat values.
    func values(_ node: YAMLNode, for name: String, unique: Bool = true, sink: inout DiagnosticSink)
        -> [ParameterValue]?
    {
        switch node {
        case .sequence(let items, let loc):
            guard !items.isEmpty else {
                sink.error("\(name) has an empty list of values", at: loc)
                return nil
            }
            var out: [ParameterValue] = []
            var seen: Set<ParameterValue> = []
            var ok = true
            // The first repeat is the error; the others are counted into it.
            var firstRepeat: (value: ParameterValue, location: SourceLocation)?
            var repeats = 0
            for item in items {
                guard case .scalar(let s, let l) = item else {
                    sink.error(
                        "\(name): each value must be a single value, got \(item.kindDescription)", at: item.location)
                    ok = false
                    continue
                }
                guard let v = catalog.value(of: s, for: name, at: l, sink: &sink) else {
                    ok = false
                    continue
                }
                guard seen.insert(v).inserted || !unique else {
                    if firstRepeat == nil { firstRepeat = (v, l) }
                    repeats += 1
                    continue
                }
                out.append(v)
            }
            if let (v, l) = firstRepeat {
                let more = repeats > 1 ? "; the list repeats values \(repeats) times in all" : ""
                sink.error("\(name) lists the value \(v) twice\(more)", at: l)
                ok = false
            }
            return ok ? out : nil
        case .mapping(let entries, let loc):
            return range(entries, at: loc, for: name, sink: &sink)
        case .scalar(_, let loc):
            sink.error(
                "\(name) needs a list of values or a range {from, to, step}; a single value belongs in base", at: loc)
            return nil
        }
    }

    private func range(
        _ entries: [YAMLNode.Entry], at loc: SourceLocation, for name: String,
        sink: inout DiagnosticSink
    ) -> [ParameterValue]? {
        let allowed = ["from", "to", "step", "num", "scale"]
        var fields: [String: YAMLNode.Entry] = [:]
        var ok = true
        for e in entries {
            if allowed.contains(e.key) {
                fields[e.key] = e
                continue
            }
            sink.error(
                "unknown key '\(e.key)' in the range of \(name)\(NameSuggester.hint(for: e.key, among: allowed)); a range has from, to and step, or from, to, num and scale",
                at: e.keyLocation)
            ok = false
        }
        func number(_ key: String) -> (Double, isInt: Bool, SourceLocation)? {
            guard let e = fields[key] else { return nil }
            switch e.value {
            case .scalar(.int(let i), let l): return (Double(i), true, l)
            case .scalar(.double(let d), let l) where d.isFinite: return (d, false, l)
            default:
                sink.error(
                    "'\(key)' in the range of \(name) must be a number, got \(e.value.kindDescription)",
                    at: e.value.location)
                ok = false
                return nil
            }
        }
        for key in ["from", "to"] where fields[key] == nil {
            sink.error("the range of \(name) needs '\(key)'", at: loc)
            ok = false
        }
        let from = number("from")
        let to = number("to")
        let step = number("step")
        let num = number("num")
        if fields["step"] != nil && fields["num"] != nil {
            sink.error("the range of \(name) has both 'step' and 'num'; give one", at: fields["num"]!.keyLocation)
            return nil
        }
        if fields["step"] == nil && fields["num"] == nil {
            sink.error("the range of \(name) needs 'step' or 'num'", at: loc)
            return nil
        }
        if fields["scale"] != nil && fields["step"] != nil {
            sink.error("'scale' goes with 'num', not with 'step'", at: fields["scale"]!.keyLocation)
            ok = false
        }
        guard ok, let from, let to else { return nil }

        var raw: [YAMLNode.Scalar] = []
        if let step {
            guard step.0 != 0 else {
                sink.error("'step' must not be 0", at: step.2)
                return nil
            }
            let span = (to.0 - from.0) / step.0
            guard span >= -1e-9 else {
                sink.error(
                    "step \(formatNumber(step.0)) never reaches to (\(formatNumber(to.0))) from \(formatNumber(from.0))",
                    at: step.2)
                return nil
            }
            let count = Int((span + 1e-9).rounded(.down)) + 1
            guard count <= Self.maxRangeValues else {
                sink.error("this range has \(count) values, more than \(Self.maxRangeValues)", at: step.2)
                return nil
            }
            let ints = from.isInt && to.isInt && step.isInt
            raw = (0..<count).map { i in
                ints ? .int(Int(from.0) + i * Int(step.0)) : .double(clean(from.0 + Double(i) * step.0))
            }
        } else if let num {
            guard num.isInt, num.0 >= 1 else {
                sink.error("'num' must be a positive integer, got \(formatNumber(num.0))", at: num.2)
                return nil
            }
            guard num.0 <= Double(Self.maxRangeValues) else {
                sink.error("'num' is more than \(Self.maxRangeValues)", at: num.2)
                return nil
            }
            var log = false
            if let scale = fields["scale"] {
                switch scale.value {
                case .scalar(.string("linear"), _): log = false
                case .scalar(.string("log"), _): log = true
                default:
                    sink.error(
                        "'scale' must be linear or log, got \(scale.value.kindDescription)", at: scale.value.location)
                    return nil
                }
            }
            if log && (from.0 <= 0 || to.0 <= 0) {
                sink.error("a log scale needs from and to above 0", at: fields["scale"]!.value.location)
                return nil
            }
            let n = Int(num.0)
            let points: [Double] = (0..<n).map { i in
                let t = n == 1 ? 0 : Double(i) / Double(n - 1)
                return log
                    ? Foundation.exp(Foundation.log(from.0) + t * (Foundation.log(to.0) - Foundation.log(from.0)))
                    : from.0 + t * (to.0 - from.0)
            }
            if catalog.mode == .benchmark, let p = ParameterCatalog.parameter(name), case .int = p.binding {
                let ints = points.map { Int($0.rounded()) }
                if Set(ints).count != ints.count {
                    sink.error(
                        "num \(n) gives repeated integers between \(formatNumber(from.0)) and \(formatNumber(to.0)); use fewer points",
                        at: num.2)
                    return nil
                }
                raw = ints.map { .int($0) }
            } else {
                raw = points.map { .double(clean($0)) }
            }
        }
        var out: [ParameterValue] = []
        for s in raw {
            guard let v = catalog.value(of: s, for: name, at: loc, sink: &sink) else { return nil }
            out.append(v)
        }
        return out
    }

    /// Drops floating-point noise (0.30000000000000004 → 0.3) so values and ids read cleanly.
    func clean(_ v: Double) -> Double { Double(NumberText.significant(v, 12)) ?? v }
}

func formatNumber(_ v: Double) -> String {
    v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : "\(v)"
}
