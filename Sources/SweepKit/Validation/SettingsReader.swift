import Vocabulary

/// Reads the non-parameter blocks of a sweep file: runner, execution, rules, seeds, schedules.
enum SettingsReader {
    static func runner(_ node: YAMLNode, sink: inout DiagnosticSink) -> RunnerSpec? {
        switch node {
        case .scalar(.string("builtin"), _): return .builtin
        case .scalar(.string("torch"), _): return .torch
        case .mapping(let entries, let loc):
            guard entries.count == 1, let e = entries.first, e.key == "command" else {
                let bad = entries.first { $0.key != "command" }
                sink.error(
                    "a command runner is {command: [argv...]}" + (bad.map { "; unknown key '\($0.key)'" } ?? ""),
                    at: bad?.keyLocation ?? loc)
                return nil
            }
            guard case .sequence(let items, _) = e.value, !items.isEmpty else {
                sink.error(
                    "command must be a non-empty list of arguments, got \(e.value.kindDescription)",
                    at: e.value.location)
                return nil
            }
            // Only text passes as written: YAML would turn an unquoted true, null, 007 or 1e3 into
            // a typed value, and its text back ("true", "", "7", "1000.0") is not what was written.
            var argv: [String] = []
            for item in items {
                switch item {
                case .scalar(.string(let s), _): argv.append(s)
                case .scalar:
                    sink.error(
                        "command argument \(item.kindDescription) is not text: YAML reads an unquoted "
                            + "true/false, null or number as a typed value; quote it (\"…\") to pass it as written",
                        at: item.location)
                default:
                    sink.error("each command argument must be text, got \(item.kindDescription)", at: item.location)
                }
            }
            // Still a command runner when an argument is refused, so its own parameter names
            // are not also reported as unknown benchmark flags.
            return .command(argv)
        case .scalar(.string(let s), let loc):
            sink.error(
                "unknown runner '\(s)' (use builtin, torch or {command: [argv...]})\(NameSuggester.hint(for: s, among: ["builtin", "torch"]))",
                at: loc)
            return nil
        default:
            sink.error(
                "runner must be builtin, torch or {command: [argv...]}, got \(node.kindDescription)", at: node.location)
            return nil
        }
    }

    static func rules(_ node: YAMLNode, sink: inout DiagnosticSink) -> Rules {
        var rules = Rules()
        guard case .mapping(let entries, _) = node else {
            sink.error("rules must be a mapping, got \(node.kindDescription)", at: node.location)
            return rules
        }
        for e in entries {
            switch e.key {
            case "min_speedup":
                if let v = number(e.value, "min_speedup", sink: &sink) {
                    if v > 0 {
                        rules.minSpeedup = v
                    } else {
                        sink.error("min_speedup must be above 0, got \(formatNumber(v))", at: e.value.location)
                    }
                }
            case "max_val_loss_increase":
                if let v = number(e.value, "max_val_loss_increase", sink: &sink) {
                    if v > 0 && v <= 1 {
                        rules.maxValLossIncrease = v
                    } else {
                        sink.error(
                            "max_val_loss_increase is a fraction in (0, 1] (0.02 means 2%), got \(formatNumber(v))",
                            at: e.value.location)
                    }
                }
            case "speed":
                if let basis: SpeedBasis = choice(e.value, "speed", sink: &sink) { rules.speed = basis }
            default:
                unknownKey(e, in: "rules", among: ["min_speedup", "max_val_loss_increase", "speed"], sink: &sink)
            }
        }
        return rules
    }

    /// `report: {sort_by: NAME, order: ascending|descending}`: orders the metrics a command writes
    /// with `{result}`. The metric's name can only be checked against the results.
    static func report(_ entry: YAMLNode.Entry, runner: RunnerSpec, sink: inout DiagnosticSink) -> ReportSettings {
        var settings = ReportSettings()
        guard case .mapping(let entries, _) = entry.value else {
            sink.error(
                "report must be a mapping such as {sort_by: val_loss, order: ascending}, got \(entry.value.kindDescription)",
                at: entry.value.location)
            return settings
        }
        if case .command = runner, runner.writesResult {
        } else {
            sink.error(
                "report orders the metrics a command writes to {result}; this sweep's runner writes "
                    + (runner == .builtin || runner == .torch
                        ? "benchmark results, which the report ranks by its rules"
                        : "no result file (its argv has no {result})"),
                at: entry.keyLocation)
        }
        for e in entries {
            switch e.key {
            case "sort_by":
                if case .scalar(.string(let name), _) = e.value, !name.isEmpty {
                    settings.sortBy = name
                } else {
                    sink.error(
                        "sort_by must be the name of a metric your command writes, got \(e.value.kindDescription)",
                        at: e.value.location)
                }
            case "order":
                let names = ReportSettings.Order.allCases.map(\.rawValue)
                if case .scalar(.string(let text), _) = e.value, let order = ReportSettings.Order(rawValue: text) {
                    settings.order = order
                } else {
                    let text = e.value.scalarText
                    sink.error(
                        "order must be ascending or descending, got '\(text)'\(NameSuggester.hint(for: text, among: names))",
                        at: e.value.location)
                }
            default:
                unknownKey(e, in: "report", among: ["sort_by", "order"], sink: &sink)
            }
        }
        return settings
    }

    static func execution(_ node: YAMLNode, runner: RunnerSpec, sink: inout DiagnosticSink) -> ExecutionSettings {
        var settings = ExecutionSettings()
        guard case .mapping(let entries, _) = node else {
            sink.error("execution must be a mapping, got \(node.kindDescription)", at: node.location)
            return settings
        }
        let keys = [
            "devices", "threads", "parallel", "timeout", "retries", "backend", "partition", "account", "sbatch_args",
            "equal_time_clock", "calibration_cap", "python", "fork"
        ]
        var slurm = SlurmSettings()
        var isSlurm = false
        var slurmKeys: [YAMLNode.Entry] = []
        var timeoutEntry: YAMLNode.Entry?
        for e in entries {
            switch e.key {
            case "devices": settings.devices = devices(e.value, sink: &sink)
            case "threads": settings.threads = positiveInt(e.value, "threads", sink: &sink) ?? settings.threads
            case "parallel": settings.parallel = positiveInt(e.value, "parallel", sink: &sink)
            case "retries":
                if case .scalar(.int(let r), _) = e.value, r >= 0 {
                    settings.retries = r
                } else {
                    sink.error(
                        "retries must be 0 or a positive integer, got \(e.value.kindDescription)", at: e.value.location)
                }
            case "timeout":
                settings.timeoutSeconds = duration(e.value, key: "timeout", sink: &sink)
                timeoutEntry = e
            case "equal_time_clock" where !runner.runsBenchmark, "calibration_cap" where !runner.runsBenchmark:
                // Never silently ignored: only the benchmark runners calibrate and read a modelled clock.
                sink.error(
                    "\(e.key) applies only to the builtin and torch runners (their steps are calibrated; "
                        + "this runner times its own steps)", at: e.keyLocation)
            case "fork" where !runner.runsBenchmark:
                sink.error(
                    "fork applies only to the builtin and torch runners (only they record and resume "
                        + "from snapshots)", at: e.keyLocation)
            case "python" where runner != .torch:
                sink.error(
                    "python applies only to `runner: torch` (the interpreter of tools/blocksweep_torch.py)",
                    at: e.keyLocation)
            case "python":
                if case .scalar(.string(let s), _) = e.value, !s.trimmingCharacters(in: .whitespaces).isEmpty {
                    settings.python = s
                } else {
                    sink.error(
                        "python must be the path or name of a Python interpreter, got \(e.value.kindDescription)",
                        at: e.value.location)
                }
            case "equal_time_clock":
                if let clock: EqualTimeClock = choice(e.value, "equal_time_clock", sink: &sink) {
                    settings.equalTimeClock = clock
                }
            case "fork":
                if case .scalar(.bool(let on), _) = e.value {
                    settings.fork = on
                } else {
                    sink.error("fork must be true or false, got \(e.value.kindDescription)", at: e.value.location)
                }
            case "calibration_cap":
                settings.calibrationCapSeconds = duration(e.value, key: "calibration_cap", sink: &sink)
            case "backend":
                switch e.value {
                case .scalar(.string("local"), _): isSlurm = false
                case .scalar(.string("slurm"), _): isSlurm = true
                case .scalar(.string(let s), let l):
                    sink.error(
                        "unknown backend '\(s)' (use local or slurm)\(NameSuggester.hint(for: s, among: ["local", "slurm"]))",
                        at: l)
                default:
                    sink.error("backend must be local or slurm, got \(e.value.kindDescription)", at: e.value.location)
                }
            case "partition", "account":
                slurmKeys.append(e)
                if case .scalar(.string(let s), _) = e.value, !s.isEmpty {
                    if e.key == "partition" { slurm.partition = s } else { slurm.account = s }
                } else {
                    sink.error("\(e.key) must be text, got \(e.value.kindDescription)", at: e.value.location)
                }
            case "sbatch_args":
                slurmKeys.append(e)
                if case .sequence(let items, _) = e.value {
                    for item in items {
                        if case .scalar(.string(let s), _) = item {
                            if let reserved = SlurmSettings.reservedFlag(in: s) {
                                sink.error(
                                    "sbatch_args: \(reserved) is blocksweep's to set (it submits job arrays with "
                                        + "their dependencies, output files and launcher); remove '\(s)'",
                                    at: item.location)
                            }
                            slurm.sbatchArgs.append(s)
                        } else {
                            sink.error(
                                "each sbatch argument must be text, got \(item.kindDescription)", at: item.location)
                        }
                    }
                } else {
                    sink.error(
                        "sbatch_args must be a list of arguments, got \(e.value.kindDescription)", at: e.value.location)
                }
            default:
                unknownKey(e, in: "execution", among: keys, sink: &sink)
            }
        }
        // The timeout ends every attempt, a calibration's too: one it would cut short leaves
        // every job of that model shape skipped.
        if runner.runsBenchmark, let timeout = settings.timeoutSeconds, let e = timeoutEntry {
            let cap = settings.calibrationCapSeconds ?? CalibrationPlanner.defaultCapSeconds
            let least = cap + CalibrationPlanner.startupSeconds
            if timeout < least {
                sink.error(
                    "timeout \(formatNumber(timeout))s would end the calibration job, which measures for up to "
                        + "\(formatNumber(cap))s (calibration_cap\(settings.calibrationCapSeconds == nil ? ", calibrate's default" : "")) "
                        + "plus its start; make timeout at least \(formatNumber(least))s or lower calibration_cap",
                    at: e.value.location)
            }
        }
        if isSlurm {
            settings.backend = .slurm(slurm)
        } else {
            for e in slurmKeys {
                sink.error(
                    "\(e.key) applies only with backend: slurm; set `backend: slurm` in execution here "
                        + "(`run --backend slurm` alone does not allow it)",
                    at: e.keyLocation)
            }
        }
        return settings
    }

    /// A list of devices, or one name; each name may itself be a comma-separated list, read
    /// by the same DeviceSpec.list as `--devices`, so both accept the same spellings.
    private static func devices(_ node: YAMLNode, sink: inout DiagnosticSink) -> [DeviceSpec]? {
        let items: [YAMLNode]
        switch node {
        case .sequence(let list, let l):
            guard !list.isEmpty else {
                sink.error("devices must not be empty; leave it out to discover them", at: l)
                return nil
            }
            items = list
        case .scalar: items = [node]
        default:
            sink.error(
                "devices must be a list such as [cuda:0, cuda:1] or [cpu:2], got \(node.kindDescription)",
                at: node.location)
            return nil
        }
        var out: [DeviceSpec] = []
        for item in items {
            guard case .scalar(.string(let s), _) = item else {
                sink.error("'\(item.scalarText)' is not a device; \(DeviceSpec.spellings)", at: item.location)
                continue
            }
            switch DeviceSpec.list(s) {
            case .success(let specs): out += specs
            case .failure(let problem): sink.error(problem.description, at: item.location)
            }
        }
        return out
    }

    /// Seconds from `90`, `90s`, `15m`, `2h`, `1h30m`.
    static func duration(_ node: YAMLNode, key: String, sink: inout DiagnosticSink) -> Double? {
        switch node {
        case .scalar(.int(let i), let l):
            guard i > 0 else {
                sink.error("\(key) must be above 0", at: l)
                return nil
            }
            return Double(i)
        case .scalar(.double(let d), let l) where d.isFinite:
            guard d > 0 else {
                sink.error("\(key) must be above 0", at: l)
                return nil
            }
            return d
        case .scalar(.string(let s), let l):
            var total = 0.0
            var digits = ""
            var ok = !s.isEmpty
            var sawUnit = false
            for c in s {
                if c.isNumber || c == "." {
                    digits.append(c)
                    continue
                }
                let unit: Double? = ["s": 1, "m": 60, "h": 3600, "d": 86400][String(c)]
                guard let unit, let v = Double(digits) else {
                    ok = false
                    break
                }
                total += v * unit
                digits = ""
                sawUnit = true
            }
            if !digits.isEmpty { ok = false }
            guard ok, sawUnit, total > 0 else {
                sink.error("\(key) '\(s)' is not a duration; write e.g. 90s, 15m, 2h or 1h30m", at: l)
                return nil
            }
            return total
        default:
            sink.error(
                "\(key) must be a duration such as 90s, 15m or 2h, got \(node.kindDescription)", at: node.location)
            return nil
        }
    }

    static func seeds(_ node: YAMLNode, sink: inout DiagnosticSink) -> [Int]? {
        switch node {
        case .scalar(.int(let s), _): return [s]
        case .sequence(let items, let l):
            guard !items.isEmpty else {
                sink.error("seeds must list at least one seed", at: l)
                return nil
            }
            var out: [Int] = []
            for item in items {
                guard case .scalar(.int(let s), let il) = item else {
                    sink.error("each seed must be an integer, got \(item.kindDescription)", at: item.location)
                    return nil
                }
                if out.contains(s) {
                    sink.error("seed \(s) is listed twice", at: il)
                    return nil
                }
                out.append(s)
            }
            return out
        case .mapping:
            let reader = ValueListReader(catalog: ParameterCatalog(mode: .command))
            guard let values = reader.values(node, for: "seeds", sink: &sink) else { return nil }
            var out: [Int] = []
            for v in values {
                guard case .int(let s) = v else {
                    sink.error("seeds must be integers; give from, to and step as integers", at: node.location)
                    return nil
                }
                out.append(s)
            }
            return out
        default:
            sink.error(
                "seeds must be a list of integers or a range {from, to, step}, got \(node.kindDescription)",
                at: node.location)
            return nil
        }
    }

    /// `seeds: {initial, max}` rather than a range {from, to, step}: a mapping that names
    /// either key.
    static func isAdaptiveSeeds(_ node: YAMLNode) -> Bool {
        guard case .mapping(let entries, _) = node else { return false }
        return entries.contains { $0.key == "initial" || $0.key == "max" }
    }

    static func adaptiveSeeds(_ node: YAMLNode, sink: inout DiagnosticSink) -> AdaptiveSeeds? {
        guard case .mapping(let entries, let location) = node else { return nil }
        let keys = ["initial", "max"]
        var values: [String: (Int, SourceLocation)] = [:]
        var ok = true
        for e in entries {
            guard keys.contains(e.key) else {
                sink.error(
                    "unknown key '\(e.key)' in seeds: adaptive seeds are {initial, max}"
                        + NameSuggester.hint(for: e.key, among: keys), at: e.keyLocation)
                ok = false
                continue
            }
            guard case .scalar(.int(let n), let l) = e.value else {
                sink.error("seeds.\(e.key) must be an integer, got \(e.value.kindDescription)", at: e.value.location)
                ok = false
                continue
            }
            values[e.key] = (n, l)
        }
        guard ok else { return nil }
        guard let (initial, initialAt) = values["initial"], let (most, maxAt) = values["max"] else {
            let missing = keys.filter { values[$0] == nil }.joined(separator: " and ")
            sink.error("adaptive seeds need both initial and max; \(missing) is missing", at: location)
            return nil
        }
        guard initial >= 1 else {
            sink.error("seeds.initial must be at least 1, got \(initial)", at: initialAt)
            return nil
        }
        guard most >= initial else {
            sink.error("seeds.max must be at least seeds.initial (\(initial)), got \(most)", at: maxAt)
            return nil
        }
        // More seeds than any verdict needs: most likely a typo, refused before it plans a huge sweep.
        guard most <= 1000 else {
            sink.error("seeds.max must be at most 1000, got \(most)", at: maxAt)
            return nil
        }
        return AdaptiveSeeds(initial: initial, max: most)
    }

    static func schedules(_ node: YAMLNode, sink: inout DiagnosticSink) -> [Schedule]? {
        let names = Schedule.allCases.map(\.rawValue)
        guard case .sequence(let items, _) = node, !items.isEmpty else {
            sink.error("schedules must be a non-empty list of \(names.joined(separator: ", "))", at: node.location)
            return nil
        }
        var out: [Schedule] = []
        for item in items {
            guard case .scalar(.string(let s), let il) = item, let schedule = Schedule(rawValue: s) else {
                let text = item.scalarText
                sink.error(
                    "unknown schedule '\(text)' (use \(names.joined(separator: ", ")))\(NameSuggester.hint(for: text, among: names))",
                    at: item.location)
                continue
            }
            if out.contains(schedule) {
                sink.error("schedule \(s) is listed twice", at: il)
                continue
            }
            out.append(schedule)
        }
        // Run order is always full, static, dynamic, whatever order the file lists them in.
        return out.sorted()
    }

    static func unknownKey(_ e: YAMLNode.Entry, in context: String, among keys: [String], sink: inout DiagnosticSink) {
        sink.error(
            "unknown key '\(e.key)' in \(context)\(NameSuggester.hint(for: e.key, among: keys))", at: e.keyLocation)
    }

    private static func number(_ node: YAMLNode, _ key: String, sink: inout DiagnosticSink) -> Double? {
        switch node {
        case .scalar(.int(let i), _): return Double(i)
        case .scalar(.double(let d), _) where d.isFinite: return d
        default:
            sink.error("\(key) must be a number, got \(node.kindDescription)", at: node.location)
            return nil
        }
    }

    /// One of an enum's spellings, e.g. `speed: modelled`.
    private static func choice<T: RawRepresentable & CaseIterable>(
        _ node: YAMLNode, _ key: String,
        sink: inout DiagnosticSink
    ) -> T? where T.RawValue == String {
        let names = T.allCases.map(\.rawValue)
        if case .scalar(.string(let text), _) = node, let value = T(rawValue: text) { return value }
        let text = node.scalarText
        sink.error(
            "\(key) must be \(names.joined(separator: " or ")), got '\(text)'\(NameSuggester.hint(for: text, among: names))",
            at: node.location)
        return nil
    }

    private static func positiveInt(_ node: YAMLNode, _ key: String, sink: inout DiagnosticSink) -> Int? {
        if case .scalar(.int(let i), _) = node, i >= 1 { return i }
        sink.error("\(key) must be a positive integer, got \(node.kindDescription)", at: node.location)
        return nil
    }
}

extension YAMLNode {
    /// The scalar's text for messages; a short description for collections.
    var scalarText: String {
        switch self {
        case .scalar(.string(let s), _): return s
        case .scalar(.int(let i), _): return String(i)
        case .scalar(.double(let d), _): return NumberText.shortest(d)
        case .scalar(.bool(let b), _): return String(b)
        default: return kindDescription
        }
    }
}
