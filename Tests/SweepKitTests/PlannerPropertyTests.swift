import BlocksweepTestSupport
import PropertyBased
import Testing
import Vocabulary

@testable import SweepKit

/// The planner caches, shortcuts and pre-encodes everything for speed (a million points must
/// plan in seconds). This compares it, on random sweeps, with the plainest expansion there is:
/// the Cartesian product of the axes, the `where` conditions evaluated on the AST, and one job
/// per distinct id, each id hashed from scratch.
@Suite(.timeLimit(.minutes(10)), .tags(.slow), .leftOutOfTheQuickLoop)
struct PlannerPropertyTests {
    @Test func cachedExpansionEqualsTheNaiveOne() async {
        await propertyCheck(count: 200, input: RandomSweep.generator) { sweep in
            let parsed: SweepSpec
            do { parsed = try SweepSpec.parse(sweep.text, path: "random.yaml") } catch let d as SweepDiagnostics {
                Issue.record("the generator wrote an invalid sweep:\n\(d.rendered)\n\(sweep.text)")
                return
            } catch {
                Issue.record("\(error)")
                return
            }
            let naive = NaiveExpansion(parsed)
            guard naive.keptPoints > 0 else {
                #expect(throws: SweepDiagnostics.self, "every point dropped:\n\(sweep.text)") {
                    try Planner.expand(parsed)
                }
                return
            }
            guard let e = try? Planner.expand(parsed) else {
                Issue.record(
                    "the planner refused a sweep the naive expansion keeps \(naive.keptPoints) points of:\n\(sweep.text)"
                )
                return
            }
            // Sibling links are a pass over the finished job list, the same for both.
            var naiveJobs = naive.jobs
            ForkChains.link(&naiveJobs)
            #expect(e.plan.jobs == naiveJobs, "\(sweep.text)")
            #expect(e.plan.calibrations.map(\.id) == naive.calibrations, "\(sweep.text)")
            #expect(e.points == naive.points && e.keptPoints == naive.keptPoints, "\(sweep.text)")
            #expect(e.plan.dropped == naive.points - naive.keptPoints, "\(sweep.text)")
            #expect(e.shared == naive.shared, "\(sweep.text)")
            #expect(e.addedBaselines == naive.addedBaselines, "\(sweep.text)")
        }
    }
}

/// A random sweep file over the builtin runner's parameters (or a command runner's own names):
/// grid axes, zip groups, a sample, `where` conditions, seeds and schedules. Values include the
/// benchmark defaults and repeat across rows, so sharing and default elision are exercised.
struct RandomSweep: Sendable, CustomStringConvertible {
    var text: String
    var description: String { text }

    static let generator = Generator<RandomSweep, Shrink.None<RandomSweep>> { rng in make(&rng) }

    private static let gridAxes: [(name: String, values: [String])] = [
        ("dyn_min_active_layers", ["1", "2", "4", "6", "7"]),  // below n_layers 8: K ≥ N is refused
        ("dyn_probe_every", ["0", "5", "10", "20", "25"]),
        ("dyn_relevance_threshold", ["0.5", "0.8", "0.9", "0.95", "1.0"]),
        ("dyn_relevance_metric", ["grad_ratio", "saliency_abs_gp"]),
        ("lr", ["0.0003", "3e-4", "0.001", "1e-2"]),
        ("static_active_layers", ["1", "3", "6", "7"]),
        ("equal_time_budget", ["true", "false"]),
        ("steps", ["100", "200", "300"])
    ]
    private static let zipGroups: [[(name: String, values: [String])]] = [
        [("dyn_max_active_layers", ["0", "4", "6", "8"]), ("dyn_warmup_steps", ["0", "10", "40"])],
        [("dyn_refresh_every", ["0", "40", "80"]), ("dyn_freeze_start_frac", ["0.25", "0.5", "0.75"])]
    ]
    private static let sampleParams = [
        "dyn_loss_upper: {uniform: [1.0, 1.1]}",
        "dyn_budget_step_up: {int: [0, 3]}",
        "dyn_final_recovery_mode: {choice: [full, staged]}",
        "weight_decay: {loguniform: [0.001, 0.1]}"
    ]
    private static let conditions = [
        "dyn_min_active_layers <= dyn_max_active_layers or dyn_max_active_layers == 0",
        "dyn_probe_every % 2 == 0",
        "not (dyn_relevance_metric == 'saliency_abs_gp' and dyn_probe_every > 10)",
        "max(dyn_min_active_layers, 2) * 2 <= n_layers + dyn_warmup_steps",
        "equal_time_budget or lr > 0.0005",
        "abs(dyn_relevance_threshold - 0.8) >= 0.05 or static_active_layers != 3",
        "dyn_loss_upper - 1 < 0.06",
        "-dyn_budget_step_up < -1 or dyn_min_active_layers / 2 > 1",
        "dyn_final_recovery_mode != 'staged' and steps >= 200",
        "min(dyn_refresh_every, 50) + dyn_freeze_start_frac * 100 > 60"
    ]
    private static let commandAxes: [(name: String, values: [String])] = [
        ("width", ["64", "128", "256"]), ("mode", ["fast", "slow", "'a b'"]), ("rate", ["0.1", "1e-3", "0.1"]),
        ("flag", ["true", "false"])
    ]

    private static func make(_ rng: inout any SeededRandomNumberGenerator) -> RandomSweep {
        func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
        func some<T>(_ items: [T], _ range: ClosedRange<Int>) -> [T] {
            Array(items.shuffled(using: &rng).prefix(Int.random(in: range, using: &rng)))
        }
        func list(_ values: [String]) -> String { "[" + values.joined(separator: ", ") + "]" }
        var text = "version: 1\nname: random\n"
        let command = chance(0.2)
        if command {
            text += "runner:\n  command: [python3, train.py, \"{seed}\", --out, \"{result}\"]\n"
            let axes = some(commandAxes, 0...3)
            text += "base:\n  optimizer: adam\n"
            if !axes.isEmpty {
                text += "grid:\n"
                for axis in axes {
                    text += "  \(axis.name): \(list(some(axis.values, 2...axis.values.count).uniqued()))\n"
                }
            }
            if chance(0.5) {
                text += "zip:\n  - depth: [2, 4, 4]\n    heads: [1, 2, 1]\n"
            }
        } else {
            text += "base:\n  n_layers: 8\n  dmodel: 64\n"
            let grid = some(gridAxes, 0...4)
            for axis in gridAxes where !grid.contains(where: { $0.name == axis.name }) && chance(0.15) {
                text += "  \(axis.name): \(axis.values.randomElement(using: &rng)!)\n"
            }
            if !grid.isEmpty {
                text += "grid:\n"
                for axis in grid {
                    text += "  \(axis.name): \(list(some(axis.values, 2...axis.values.count).uniqued()))\n"
                }
            }
            let groups = some(zipGroups, 0...2)
            if !groups.isEmpty {
                text += "zip:\n"
                for group in groups {
                    let length = Int.random(in: 1...4, using: &rng)
                    for (k, column) in group.enumerated() {
                        let values = (0..<length).map { _ in column.values.randomElement(using: &rng)! }
                        text += (k == 0 ? "  - " : "    ") + "\(column.name): \(list(values))\n"
                    }
                }
            }
            let sampled = some(sampleParams, 0...3)
            if !sampled.isEmpty {
                text +=
                    "sample:\n  count: \(Int.random(in: 1...5, using: &rng))\n  seed: \(Int.random(in: 0...99, using: &rng))\n  params:\n"
                for p in sampled { text += "    \(p)\n" }
            }
            let wheres = some(conditions, 0...2)
            if !wheres.isEmpty {
                text += "where:\n" + wheres.map { "  - \"\($0)\"\n" }.joined()
            }
            if chance(0.4) {
                let schedules = some(Schedule.allCases.map(\.rawValue), 1...3)
                text += "schedules: \(list(schedules))\n"
            }
        }
        if chance(0.6) {
            text += "seeds: \(list(some(["1", "2", "3", "42"], 1...3)))\n"
        }
        return RandomSweep(text: text)
    }
}

extension Array where Element == String {
    /// Grid axes may not repeat a value; `3e-4` and `0.0003` are the same value.
    fileprivate func uniqued() -> [String] {
        var seen = Set<String>()
        return filter { seen.insert(Double($0).map { "\($0)" } ?? $0).inserted }
    }
}

/// The expansion of docs/sweep-file.md done the slow, obvious way.
struct NaiveExpansion {
    private(set) var jobs: [Job] = []
    private(set) var points = 0
    private(set) var keptPoints = 0
    private(set) var shared = 0
    private(set) var addedBaselines = 0
    /// Calibration ids in order of first use (builtin runner).
    private(set) var calibrations: [String] = []

    init(_ spec: SweepSpec) {
        // Every point as a dictionary of its varying values, last dimension fastest.
        var all: [[String: ParameterValue]] = [[:]]
        for d in spec.dimensions {
            all = all.flatMap { point in
                d.rows.map { row in point.merging(zip(d.names, row)) { _, new in new } }
            }
        }
        points = all.count
        var fixed: [String: ParameterValue] = [:]
        let isCommand: Bool
        if case .command = spec.runner { isCommand = true } else { isCommand = false }
        if !isCommand {
            for p in ParameterCatalog.sweepable { fixed[p.name] = p.value(in: BenchConfig()) }
        }
        for s in spec.base { fixed[s.name] = s.value }
        var seen: Set<String> = []
        for varying in all {
            let point = fixed.merging(varying) { _, new in new }
            guard spec.constraints.allSatisfy({ Self.evaluate($0.expression, point) == .bool(true) }) else { continue }
            keptPoints += 1
            for seed in spec.seeds {
                if isCommand {
                    add(Self.job(nil, spec, seed, point), requested: true, spec, &seen)
                    continue
                }
                let timed = point["equal_time_budget"] == .bool(true)
                var baseline: String? = nil
                for schedule in spec.schedules {
                    var job = Self.job(schedule, spec, seed, point)
                    if timed && schedule != .fullUpdate {
                        if baseline == nil {
                            let full = Self.job(.fullUpdate, spec, seed, point)
                            add(full, requested: false, spec, &seen)
                            baseline = full.id
                        }
                        job.dependsOn = [baseline!]
                    }
                    // Prefix forking: a deterministic dynamic job forks from its point's full_update run.
                    let deterministic = !timed || spec.execution.equalTimeClock == .modelled
                    if schedule == .dynamicSuffix, spec.runner == .builtin, spec.execution.fork, deterministic,
                        timed || spec.schedules.contains(.fullUpdate)
                    {
                        job.forkFrom = Self.job(.fullUpdate, spec, seed, point).id
                    }
                    add(job, requested: true, spec, &seen)
                    if schedule == .fullUpdate { baseline = job.id }
                }
            }
        }
        if spec.runner == .builtin { attachCalibrations(spec) }
    }

    /// One calibration per model shape, measuring every step kind of the shape (docs/benchmark.md,
    /// "One price per folder"): its text hashed from scratch, as docs/sweep-file.md gives it.
    private mutating func attachCalibrations(_ spec: SweepSpec) {
        let shapeNames = ["dmodel", "n_layers", "hidden_mult", "batch_size", "seq_len", "dtype"]
        func value(_ job: Job, _ name: String) -> ParameterValue {
            job.params[name] ?? BenchParameter.named(name)!.value(in: BenchConfig())
        }
        var shapes: [[ParameterValue]] = []
        for job in jobs {
            let shape = shapeNames.map { value(job, $0) }
            if !shapes.contains(shape) { shapes.append(shape) }
        }
        var idByShape: [[ParameterValue]: String] = [:]
        for shape in shapes {
            var text = "blocksweep-calibration 3\ndevice=cpu\nthreads=\(spec.execution.threads)\n"
            for (name, v) in zip(shapeNames, shape) { text += "\(name)=\(Self.canonical(v))\n" }
            var hash = FNV128()
            hash.add(text)
            idByShape[shape] = "cal-" + hash.hex(digits: 16)
            calibrations.append(idByShape[shape]!)
        }
        for i in jobs.indices { jobs[i].calibration = idByShape[shapeNames.map { value(jobs[i], $0) }] }
    }

    private mutating func add(_ job: Job, requested: Bool, _ spec: SweepSpec, _ seen: inout Set<String>) {
        if seen.insert(job.id).inserted {
            jobs.append(job)
            if !requested, let s = job.schedule, !spec.schedules.contains(s) { addedBaselines += 1 }
        } else if requested {
            shared += 1
        }
    }

    /// The job of one point at one seed: its id hashed from the documented lines, from scratch.
    private static func job(_ schedule: Schedule?, _ spec: SweepSpec, _ seed: Int, _ point: [String: ParameterValue])
        -> Job
    {
        var text = "blocksweep-job 1\n"
        var params: [String: ParameterValue] = [:]
        switch spec.runner {
        case .command(let argv):
            text += "runner=command\n" + argv.map { "argv=\($0)\n" }.joined() + "seed=\(seed)\n"
            for name in point.keys.sorted() {
                text += "\(name)=\(canonical(point[name]!))\n"
                params[name] = point[name]
            }
        case .builtin, .torch:
            text +=
                "runner=\(spec.runner == .torch ? "torch" : "builtin")\nschedule=\(schedule!.rawValue)\nseed=\(seed)\n"
            for p in ParameterCatalog.sweepable where p.schedules.contains(schedule!) {
                let value = point[p.name]!
                guard value != p.value(in: BenchConfig()) else { continue }
                text += "\(p.name)=\(canonical(value))\n"
                params[p.name] = value
            }
            // The modelled clock makes an equal-time static or dynamic job another run.
            if spec.runner == .builtin, spec.execution.equalTimeClock == .modelled, schedule != .fullUpdate,
                point["equal_time_budget"] == .bool(true)
            {
                text += "equal_time_clock=s:modelled\n"
            }
        }
        var hash = FNV128()
        hash.add(text)
        let prefix =
            switch schedule {
            case .fullUpdate?: "full"
            case .staticSuffix?: "static"
            case .dynamicSuffix?: "dyn"
            case nil: "job"
            }
        return Job(id: "\(prefix)-\(hash.hex(digits: 16))", schedule: schedule, seed: seed, params: params)
    }

    private static func canonical(_ v: ParameterValue) -> String {
        switch v {
        case .int(let i): "i:\(i)"
        case .double(let d): "d:\(d)"
        case .bool(let b): "b:\(b)"
        case .string(let s): "s:\(s)"
        }
    }

    private enum Value: Equatable {
        case number(Double), bool(Bool), text(String)
        var number: Double { if case .number(let x) = self { x } else { .nan } }
        var truth: Bool { self == .bool(true) }
    }

    /// `where` on the syntax tree, types as the validator checked them.
    private static func evaluate(_ e: Expression, _ point: [String: ParameterValue]) -> Value {
        switch e {
        case .number(let x): return .number(x)
        case .string(let s): return .text(s)
        case .bool(let b): return .bool(b)
        case .name(let n, _):
            switch point[n] {
            case .int(let i)?: return .number(Double(i))
            case .double(let d)?: return .number(d)
            case .bool(let b)?: return .bool(b)
            case .string(let s)?: return .text(s)
            case nil: return .number(.nan)
            }
        case .unary(.negate, let a, _): return .number(-evaluate(a, point).number)
        case .unary(.not, let a, _): return .bool(!evaluate(a, point).truth)
        case .call(let f, let args, _):
            let xs = args.map { evaluate($0, point).number }
            switch f {
            case .abs: return .number(Swift.abs(xs[0]))
            case .min: return .number(xs.min()!)
            case .max: return .number(xs.max()!)
            }
        case .binary(let op, let a, let b, _):
            let x = evaluate(a, point)
            let y = evaluate(b, point)
            switch op {
            case .or: return .bool(x.truth || y.truth)
            case .and: return .bool(x.truth && y.truth)
            case .equal: return .bool(x == y)
            case .notEqual: return .bool(x != y)
            case .less: return .bool(x.number < y.number)
            case .lessOrEqual: return .bool(x.number <= y.number)
            case .greater: return .bool(x.number > y.number)
            case .greaterOrEqual: return .bool(x.number >= y.number)
            case .add: return .number(x.number + y.number)
            case .subtract: return .number(x.number - y.number)
            case .multiply: return .number(x.number * y.number)
            case .divide: return .number(x.number / y.number)
            case .remainder: return .number(x.number.truncatingRemainder(dividingBy: y.number))
            }
        }
    }
}
