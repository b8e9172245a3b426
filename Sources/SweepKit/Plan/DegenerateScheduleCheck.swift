import Vocabulary

/// Finds the kept points where a suffix schedule would train every block on every step: its
/// `degenerateSetting` ≥ `n_layers` (`static_active_layers` for static_suffix,
/// `dyn_min_active_layers` for dynamic_suffix). Such a run is the same work as full_update, so its "speedup" says
/// nothing; the sweep is refused instead of being run and judged. Checked point by point
/// (where n_layers or the layer count varies), for the schedules the sweep runs only.
struct DegenerateScheduleCheck {
    private struct Rule {
        var schedule: Schedule
        var setting: String
        var layers: Source
        var nLayers: Source
        /// Kept points that break it, and the first one's values.
        var hits = 0
        var first: (layers: Double, nLayers: Double)?
    }

    /// A value read per point from the planner's number slots, or fixed for the whole sweep.
    private enum Source {
        case slot(Int)
        case constant(Double)

        func value(_ env: UnsafeBufferPointer<Double>) -> Double {
            switch self {
            case .slot(let s): return env[s]
            case .constant(let v): return v
            }
        }
    }

    private var rules: [Rule] = []
    private var points = 0

    init(layout: JobLayout, spec: SweepSpec) {
        guard !layout.isCommand else { return }
        func source(_ name: String) -> Source {
            if let slot = layout.slotOf[name] { return .slot(slot) }
            if case .int(let v)? = layout.fixed[name] { return .constant(Double(v)) }
            return .constant(.nan)
        }
        for schedule in Schedule.allCases where spec.schedules.contains(schedule) {
            guard let setting = schedule.kind.degenerateSetting?.name else { continue }
            rules.append(
                Rule(schedule: schedule, setting: setting, layers: source(setting), nLayers: source("n_layers")))
        }
    }

    /// Looks at one kept point (its values in `env`, the planner's slots).
    mutating func check(_ env: UnsafeBufferPointer<Double>) {
        points += 1
        for i in rules.indices {
            let k = rules[i].layers.value(env)
            let n = rules[i].nLayers.value(env)
            if k >= n {
                rules[i].hits += 1
                if rules[i].first == nil { rules[i].first = (k, n) }
            }
        }
    }

    /// One diagnostic per broken rule: the setting, where its value came from, and how to fix it.
    func diagnostics(_ spec: SweepSpec) -> [Diagnostic] {
        rules.compactMap { rule in
            guard let first = rule.first else { return nil }
            let explicit = Self.location(of: rule.setting, in: spec)
            let layers = Int(first.layers)
            let n = Int(first.nLayers)
            let origin = explicit == nil ? " (the benchmark default; the sweep does not set it)" : ""
            let share = rule.hits < points ? " at \(rule.hits) of \(points) points" : ""
            var fixes = ["set \(rule.setting) below n_layers" + (explicit == nil ? " in base" : "")]
            if rule.hits < points { fixes.append("keep those points out with where: '\(rule.setting) < n_layers'") }
            fixes.append("drop \(rule.schedule.rawValue) from schedules")
            let message =
                "\(rule.setting) is \(layers)\(origin) but n_layers is \(n)\(share): \(rule.schedule.rawValue) "
                + "would train all \(n.counted("block")) on every step, the same work as full_update; "
                + fixes.dropLast().joined(separator: ", ") + ", or " + fixes.last!
            // A default has no line of its own: point at n_layers, else at schedules.
            let at = explicit ?? Self.location(of: "n_layers", in: spec) ?? spec.keyLocations["schedules"] ?? .start
            return Diagnostic(message, at: at)
        }
    }

    /// Where the sweep sets `name` (base, or the axis that holds it); nil when it is left at the default.
    private static func location(of name: String, in spec: SweepSpec) -> SourceLocation? {
        if let s = spec.base.first(where: { $0.name == name }) { return s.location }
        return spec.dimensions.first { $0.names.contains(name) }?.location
    }
}
