import Vocabulary

/// Reads base, grid, zip and where: the parameters of a sweep, each set in exactly one place.
struct ParameterSections {
    let catalog: ParameterCatalog
    var base: [SweepSpec.Setting] = []
    var dimensions: [SweepSpec.Dimension] = []
    /// Where each parameter is set, to refuse setting one twice.
    private var claimed: [String: SourceLocation] = [:]

    init(catalog: ParameterCatalog) { self.catalog = catalog }

    /// Records that `name` is set here; false (and a diagnostic) when it is already set.
    mutating func claim(_ name: String, at location: SourceLocation, sink: inout DiagnosticSink) -> Bool {
        if let first = claimed[name] {
            sink.error(
                "\(name) is already set at line \(first.line), column \(first.column); set each parameter in one place",
                at: location)
            return false
        }
        claimed[name] = location
        return true
    }

    mutating func readBase(_ node: YAMLNode, sink: inout DiagnosticSink) {
        guard case .mapping(let entries, _) = node else {
            sink.error("base must be a mapping of parameter: value, got \(node.kindDescription)", at: node.location)
            return
        }
        for e in entries {
            guard let name = catalog.canonicalName(e.key, at: e.keyLocation, sink: &sink),
                claim(name, at: e.keyLocation, sink: &sink)
            else { continue }
            guard case .scalar(let s, let l) = e.value else {
                sink.error("base sets one value per parameter; put the values of \(name) in grid", at: e.value.location)
                continue
            }
            if let v = catalog.value(of: s, for: name, at: l, sink: &sink) {
                base.append(.init(name: name, value: v, location: l))
            }
        }
    }

    mutating func readGrid(_ node: YAMLNode, sink: inout DiagnosticSink) {
        guard case .mapping(let entries, _) = node else {
            sink.error("grid must be a mapping of parameter: values, got \(node.kindDescription)", at: node.location)
            return
        }
        let reader = ValueListReader(catalog: catalog)
        for e in entries {
            guard let name = catalog.canonicalName(e.key, at: e.keyLocation, sink: &sink),
                claim(name, at: e.keyLocation, sink: &sink),
                let values = reader.values(e.value, for: name, sink: &sink)
            else { continue }
            dimensions.append(.init(kind: .grid, names: [name], rows: values.map { [$0] }, location: e.keyLocation))
        }
    }

    mutating func readZip(_ node: YAMLNode, sink: inout DiagnosticSink) {
        guard case .sequence(let groups, _) = node else {
            sink.error(
                "zip must be a list of groups, each a mapping of parameter: values (start each group with '- ')",
                at: node.location)
            return
        }
        let reader = ValueListReader(catalog: catalog)
        for group in groups {
            guard case .mapping(let entries, let gl) = group, !entries.isEmpty else {
                sink.error(
                    "each zip group must be a mapping of parameter: values, got \(group.kindDescription)",
                    at: group.location)
                continue
            }
            var columns: [(name: String, values: [ParameterValue], location: SourceLocation)] = []
            var ok = true
            for e in entries {
                guard let name = catalog.canonicalName(e.key, at: e.keyLocation, sink: &sink),
                    claim(name, at: e.keyLocation, sink: &sink),
                    let values = reader.values(e.value, for: name, unique: false, sink: &sink)
                else {
                    ok = false
                    continue
                }
                columns.append((name, values, e.keyLocation))
            }
            guard ok, let first = columns.first else { continue }
            if let odd = columns.first(where: { $0.values.count != first.values.count }) {
                sink.error(
                    "zip lists must have equal lengths: \(first.name) has \(first.values.count.counted("value")), \(odd.name) has \(odd.values.count.counted("value"))",
                    at: odd.location)
                continue
            }
            let rows = (0..<first.values.count).map { i in columns.map { $0.values[i] } }
            dimensions.append(.init(kind: .zip, names: columns.map(\.name), rows: rows, location: gl))
        }
    }

    /// Layer counts the user wrote must fit the largest n_layers any point can have (the
    /// engine would clamp them silently, which hides a typo).
    func checkLayerCounts(sink: inout DiagnosticSink) {
        guard catalog.mode == .benchmark else { return }
        var nLayers = [BenchConfig().nLayers]
        if let b = base.first(where: { $0.name == "n_layers" }), case .int(let n) = b.value { nLayers = [n] }
        for d in dimensions {
            if let k = d.names.firstIndex(of: "n_layers") {
                nLayers = d.rows.compactMap { if case .int(let n) = $0[k] { n } else { nil } }
            }
        }
        let most = nLayers.max() ?? 0
        func check(_ name: String, _ value: ParameterValue, _ location: SourceLocation) {
            guard ParameterCatalog.layerCountNames.contains(name), case .int(let v) = value, v > most else { return }
            sink.error("\(name) is \(v), more than n_layers (\(most))", at: location)
        }
        for s in base { check(s.name, s.value, s.location) }
        for d in dimensions {
            for (k, name) in d.names.enumerated() {
                if let worst = d.rows.map({ $0[k] }).first(where: {
                    if case .int(let v) = $0 { v > most } else { false }
                }) {
                    check(name, worst, d.location)
                }
            }
        }
    }

    func readConstraints(_ node: YAMLNode, sink: inout DiagnosticSink) -> [SweepSpec.Constraint] {
        let items: [YAMLNode]
        switch node {
        case .sequence(let list, _): items = list
        case .scalar(.string, _): items = [node]
        default:
            sink.error(
                "where must be a list of conditions such as 'dyn_min_active_layers <= dyn_max_active_layers'",
                at: node.location)
            return []
        }
        var defined: [String: ParameterValue] = [:]
        for s in base { defined[s.name] = s.value }
        for d in dimensions { for (k, n) in d.names.enumerated() { defined[n] = d.rows.first?[k] } }
        let known: [String] = catalog.mode == .benchmark ? ParameterCatalog.sweepable.map(\.name) : Array(defined.keys)

        var out: [SweepSpec.Constraint] = []
        for item in items {
            guard case .scalar(.string(let text), let l) = item else {
                sink.error("each condition must be text, got \(item.kindDescription)", at: item.location)
                continue
            }
            let textStart = self.textStart(ofScalarAt: l)
            func at(_ offset: Int) -> SourceLocation {
                SourceLocation(line: textStart.line, column: textStart.column + offset)
            }
            switch ExpressionParser.parse(text) {
            case .failure(let f):
                sink.error("cannot read the condition: \(f.message)", at: at(f.offset))
            case .success(let e):
                var ok = true
                let type = ExpressionChecker.type(
                    of: e,
                    nameType: { name, offset in
                        if let t = catalog.expressionType(name, defined: defined) { return t }
                        let why = ParameterCatalog.excluded[name].map { " (\($0))" } ?? ""
                        sink.error(
                            "unknown parameter '\(name)' in the condition\(NameSuggester.hint(for: name, among: known))\(why)",
                            at: at(offset))
                        ok = false
                        return nil
                    },
                    report: { message, offset in
                        sink.error(message, at: at(offset))
                        ok = false
                    })
                if ok, let type, type != .bool {
                    sink.error("a condition must be true or false, but this is \(type.article)", at: at(0))
                    ok = false
                }
                if ok {
                    for (op, offset) in ExpressionChecker.constantZeroDivisors(in: e) {
                        sink.error(
                            "the divisor of '\(op.rawValue)' is always 0",
                            at: at(Expression.operandOffset(after: offset, in: text)))
                        ok = false
                    }
                }
                if ok { out.append(.init(text: text, expression: e, location: l, textStart: textStart)) }
            }
        }
        return out
    }

    /// The braces of each argument of a command runner (`{name}`, or `{{` and `}}` for literal
    /// braces), and each `{name}` a parameter of the sweep or seed/device/result.
    func checkCommand(_ runner: YAMLNode, sink: inout DiagnosticSink) {
        guard case .mapping(let entries, _) = runner,
            case .sequence(let items, _)? = entries.first(where: { $0.key == "command" })?.value
        else { return }
        let names = Set(base.map(\.name) + dimensions.flatMap(\.names))
        let builtins = RunnerSpec.builtinPlaceholders
        for case .scalar(.string(let argument), let l) in items {
            let start = textStart(ofScalarAt: l)
            func at(_ offset: Int) -> SourceLocation { SourceLocation(line: start.line, column: start.column + offset) }
            switch RunnerSpec.parts(of: argument) {
            case .failure(let e):
                sink.error(e.message, at: at(e.offset))
            case .success(let parts):
                for case .placeholder(let name, let offset) in parts
                where !names.contains(name) && !builtins.contains(name) {
                    sink.error(
                        "the command's placeholder {\(name)} names no parameter of the sweep\(NameSuggester.hint(for: name, among: Array(names) + builtins))",
                        at: at(offset))
                }
            }
        }
    }

    /// The source lines, set by the reader (for caret columns of quoted text).
    var sourceLines: [Substring] = []

    /// Where the text of the scalar at `l` starts: one column later when it is quoted. Offsets
    /// within the text map to columns from there (for text on one line).
    private func textStart(ofScalarAt l: SourceLocation) -> SourceLocation {
        guard l.line >= 1 && l.line <= sourceLines.count else { return l }
        let first = sourceLines[l.line - 1].unicodeScalars.dropFirst(l.column - 1).first
        return first == "'" || first == "\"" ? SourceLocation(line: l.line, column: l.column + 1) : l
    }
}
