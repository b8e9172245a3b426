/// Expands a sweep into jobs: grid × zip × sample × seeds, filtered by `where`, one job per
/// distinct run. A job's id is a hash of exactly the settings that change its result (defaults
/// filled in, so writing a default and leaving it out agree), which makes ids independent of
/// key order and of the other values on an axis, and lets points share a baseline run.
package enum Planner {
    /// Jobs a plan may hold unless the caller raises it (`--max-jobs`).
    package static let defaultMaxJobs = 100_000

    package static func plan(_ spec: SweepSpec, maxJobs: Int = defaultMaxJobs) throws -> Plan {
        try expand(spec, maxJobs: maxJobs).plan
    }

    package static func expand(_ spec: SweepSpec, maxJobs: Int = defaultMaxJobs) throws -> Expansion {
        func fail(_ message: String, at location: SourceLocation) -> SweepDiagnostics {
            SweepDiagnostics(path: spec.path, source: spec.source, diagnostics: [Diagnostic(message, at: location)])
        }
        let axesLocation = ["grid", "zip", "sample"].compactMap { spec.keyLocations[$0] }.min() ?? .start
        let points = spec.pointCount
        // Walking the points costs time even when constraints drop most; refuse absurd sizes early.
        let pointLimit = max(10_000_000, maxJobs)
        guard points <= pointLimit else {
            throw fail(
                "the sweep has \(points == Int.max ? "too many" : String(points)) points before constraints, more than \(pointLimit); narrow the axes",
                at: axesLocation)
        }

        var layout = JobLayout(spec: spec)
        let dims = spec.dimensions
        var index = [Int](repeating: 0, count: dims.count)
        var env = [Double](repeating: 0, count: layout.slotCount)
        for d in dims.indices { layout.load(dimension: d, row: 0, into: &env) }
        let constraints = spec.constraints.map { layout.compile($0.expression) }

        var builder = JobBuilder(layout: layout, spec: spec, maxJobs: maxJobs)
        var degenerate = DegenerateScheduleCheck(layout: layout, spec: spec)
        var kept = 0
        var remaining = points
        while remaining > 0 {
            remaining -= 1
            // Conditions apply in order: one that fails drops the point before the next is read.
            var holds = true
            for (k, c) in constraints.enumerated() where holds {
                switch env.withUnsafeBufferPointer({ c.evaluate($0) }) {
                case .holds: continue
                case .fails: holds = false
                case .dividesByZero(let offset):
                    let constraint = spec.constraints[k]
                    let column =
                        constraint.textStart.column + Expression.operandOffset(after: offset, in: constraint.text)
                    throw fail(
                        divisionByZero(constraint, offset, layout: layout, index: index),
                        at: SourceLocation(line: constraint.textStart.line, column: column))
                }
            }
            if holds {
                kept += 1
                env.withUnsafeBufferPointer { degenerate.check($0) }
                guard builder.addPoint(index) else {
                    throw fail(
                        "the sweep expands to more than \(maxJobs.counted("job")); narrow it or raise the limit with --max-jobs",
                        at: axesLocation)
                }
            }
            // Advance the mixed-radix counter, last dimension fastest.
            var d = dims.count - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < dims[d].rows.count {
                    layout.load(dimension: d, row: index[d], into: &env)
                    break
                }
                index[d] = 0
                layout.load(dimension: d, row: 0, into: &env)
                d -= 1
            }
        }
        guard kept > 0 else {
            let at = spec.constraints.first?.location ?? spec.keyLocations["where"] ?? .start
            throw fail(
                "no point satisfies the conditions in where: "
                    + (points == 1 ? "its one point is dropped" : "all \(points) points are dropped"), at: at)
        }
        let refused = degenerate.diagnostics(spec)
        guard refused.isEmpty else {
            throw SweepDiagnostics(path: spec.path, source: spec.source, diagnostics: refused)
        }
        var jobs = builder.takeJobs()
        ForkChains.link(&jobs)
        // Benchmark jobs get modelled step times from a calibration measured before them.
        let calibrations =
            spec.runner.runsBenchmark
            ? CalibrationPlanner.attach(
                to: &jobs, threads: spec.execution.threads, runner: spec.runner,
                deterministicKernels: spec.deterministicKernels) : []
        var plan = Plan(
            name: spec.name, description: spec.description, jobs: jobs, dropped: points - kept, runner: spec.runner,
            execution: spec.execution, rules: spec.rules, report: spec.report, calibrations: calibrations)
        plan.adaptiveSeeds = spec.adaptiveSeeds
        return Expansion(
            plan: plan, points: points, keptPoints: kept, shared: builder.shared,
            addedBaselines: builder.addedBaselines)
    }

    /// Names the parameters a zero divisor reads, with their values at the point.
    private static func divisionByZero(
        _ c: SweepSpec.Constraint, _ offset: Int, layout: JobLayout, index: [Int]
    ) -> String {
        var names: [String] = []
        for n in c.expression.divisor(ofOperatorAt: offset)?.names ?? [] where !names.contains(n) { names.append(n) }
        let values = names.map { name in
            let value =
                layout.position(of: name).map {
                    layout.spec.dimensions[$0.dimension].rows[index[$0.dimension]][$0.column]
                }
                ?? layout.fixed[name]
            return "\(name) = \(value.map(\.description) ?? "?")"
        }
        let op = c.text.dropFirst(offset).first.map(String.init) ?? "/"
        return "the divisor of '\(op)' is 0 where \(values.joined(separator: ", ")); keep such points out before this "
            + "division: an earlier where entry, or a condition before it joined by 'and'"
    }
}
