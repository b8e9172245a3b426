import Vocabulary

/// Checks a whole sweep file and builds the `SweepSpec`, collecting every problem on the way.
enum SpecReader {
    /// Top-level keys starting with this are ignored (docs/sweep-file.md, "Anchors, aliases and merge keys").
    static let extensionPrefix = "x-"

    static let topLevelKeys = [
        "version", "name", "description", "runner", "base", "grid", "zip", "sample",
        "where", "seeds", "schedules", "execution", "rules", "report"
    ]

    static func read(_ text: String, path: String) -> Result<SweepSpec, DiagnosticSink> {
        let root: YAMLNode?
        switch YAMLReader.read(text) {
        case .failure(let sink): return .failure(sink)
        case .success(let r): root = r
        }
        var sink = DiagnosticSink()
        guard let root else {
            sink.error("the sweep file is empty; it needs at least 'version: 1' and 'name'", at: .start)
            return .failure(sink)
        }
        guard case .mapping(let entries, _) = root else {
            sink.error(
                "a sweep file is a mapping of keys (version, name, grid, …), got \(root.kindDescription)",
                at: root.location)
            return .failure(sink)
        }
        // The version decides what every other key means: check it before reading anything else,
        // and stop on a mismatch (a newer file's keys would only produce noise).
        guard let v = entries.first(where: { $0.key == "version" }) else {
            sink.error("missing 'version: \(SweepSpec.supportedVersion)' (the sweep file format version)", at: .start)
            return .failure(sink)
        }
        guard case .scalar(.int(let version), _) = v.value, version == SweepSpec.supportedVersion else {
            let got =
                if case .scalar(.int(let n), _) = v.value { "unsupported version \(n)" } else {
                    "version must be the number \(SweepSpec.supportedVersion), got \(v.value.kindDescription)"
                }
            sink.error("\(got); this blocksweep reads version \(SweepSpec.supportedVersion)", at: v.value.location)
            return .failure(sink)
        }
        var top: [String: YAMLNode.Entry] = [:]
        for e in entries {
            if topLevelKeys.contains(e.key) {
                top[e.key] = e
            } else if e.key.hasPrefix(Self.extensionPrefix) {
                // A place for anchors the rest of the file aliases (`x-model: &model {…}`), as in
                // Compose files: read by YAML, ignored by the sweep.
                continue
            } else {
                SettingsReader.unknownKey(e, in: "the sweep file", among: topLevelKeys, sink: &sink)
            }
        }

        let name = readName(top["name"], sink: &sink)
        var description: String?
        if let d = top["description"] {
            if case .scalar(.string(let s), _) = d.value {
                description = s
            } else {
                sink.error("description must be text, got \(d.value.kindDescription)", at: d.value.location)
            }
        }
        let runner = top["runner"].flatMap { SettingsReader.runner($0.value, sink: &sink) } ?? .builtin
        let mode: ParameterCatalog.Mode = if case .command = runner { .command } else { .benchmark }
        let catalog = ParameterCatalog(mode: mode)
        let execution =
            top["execution"].map { SettingsReader.execution($0.value, runner: runner, sink: &sink) }
            ?? ExecutionSettings()
        let rules = top["rules"].map { SettingsReader.rules($0.value, sink: &sink) } ?? Rules()
        let report = top["report"].map { SettingsReader.report($0, runner: runner, sink: &sink) }
        var adaptiveSeeds: AdaptiveSeeds? = nil
        var seeds = [BenchConfig().seed]
        if let s = top["seeds"] {
            if SettingsReader.isAdaptiveSeeds(s.value) {
                adaptiveSeeds = SettingsReader.adaptiveSeeds(s.value, sink: &sink)
                seeds = adaptiveSeeds?.initialSeeds ?? seeds
            } else if let list = SettingsReader.seeds(s.value, sink: &sink) {
                seeds = list
            }
        }
        var schedules = Schedule.allCases
        if let s = top["schedules"] {
            if mode == .command {
                sink.error(
                    "schedules applies to the builtin and torch runners; a command decides what it runs",
                    at: s.keyLocation)
            } else if let list = SettingsReader.schedules(s.value, sink: &sink) {
                schedules = list
            }
        }

        var params = ParameterSections(catalog: catalog)
        params.sourceLines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if let b = top["base"] { params.readBase(b.value, sink: &sink) }
        if let g = top["grid"] { params.readGrid(g.value, sink: &sink) }
        if let z = top["zip"] { params.readZip(z.value, sink: &sink) }
        if let s = top["sample"] {
            let reader = SampleReader(catalog: catalog)
            if let d = reader.dimension(s.value, sink: &sink, claim: { params.claim($0, at: $1, sink: &$2) }) {
                params.dimensions.append(d)
            }
        }
        params.checkLayerCounts(sink: &sink)
        let constraints = top["where"].map { params.readConstraints($0.value, sink: &sink) } ?? []
        if case .command = runner, let r = top["runner"] { params.checkCommand(r.value, sink: &sink) }

        guard sink.isEmpty, let name else { return .failure(sink) }
        var keyLocations: [String: SourceLocation] = [:]
        for (k, e) in top { keyLocations[k] = e.keyLocation }
        return .success(
            SweepSpec(
                path: path, source: text, version: version, name: name, description: description,
                runner: runner, execution: execution, rules: rules, report: report, seeds: seeds,
                adaptiveSeeds: adaptiveSeeds, schedules: schedules,
                base: params.base, dimensions: params.dimensions, constraints: constraints, keyLocations: keyLocations))
    }

    private static func readName(_ entry: YAMLNode.Entry?, sink: inout DiagnosticSink) -> String? {
        guard let entry else {
            sink.error("missing 'name' (results go to results/<name>/)", at: .start)
            return nil
        }
        guard case .scalar(let scalar, let l) = entry.value, scalar != .null else {
            sink.error("name must be text, got \(entry.value.kindDescription)", at: entry.value.location)
            return nil
        }
        let name = entry.value.scalarText
        let allowed = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        guard allowed, !name.isEmpty, name.first != ".", name.count <= 100 else {
            sink.error(
                "name '\(name)' must be 1 to 100 ASCII letters, digits, '-', '_' or '.', not starting with '.' (it names the results folder)",
                at: l)
            return nil
        }
        return name
    }
}
