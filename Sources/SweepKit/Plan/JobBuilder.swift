import BlockBench

/// Turns kept points into jobs, one per distinct run. Identity: the FNV-1a hash of the
/// runner, the schedule, the seed and every setting that affects that schedule and differs
/// from the benchmark default, as `name=value` lines in the benchmark's parameter order.
struct JobBuilder {
    private(set) var jobs: [Job] = []
    private(set) var shared = 0
    private(set) var addedBaselines = 0

    private let layout: JobLayout
    private let spec: SweepSpec
    private let maxJobs: Int
    private var byHash: [FNV128: Int] = [:]

    /// What one schedule (or the command runner, schedule nil) hashes and records.
    private struct Recipe {
        var schedule: Schedule?
        /// Hash state after the header, one per seed.
        var seeded: [FNV128]
        /// Relevant settings in canonical order: fixed bytes, or a slot to read.
        var parts: [Part]
        /// Non-default fixed settings that go into every job's params.
        var fixedParams: [String: ParameterValue]
        /// Dimensions holding a relevant slot; jobs of points equal in these are the same run.
        var relevantDims: [Int]
        /// Varying settings that go into params (for reserving room).
        var slotCount: Int
    }

    private enum Part {
        case bytes([UInt8])
        /// A varying setting: its dimension, and per row of it the encoded bytes ([] = default)
        /// and the value params records (nil = default).
        case slot(dimension: Int, name: String, rows: [[UInt8]], values: [ParameterValue?])
    }

    /// Indexed like Schedule.allCases (one entry for a command runner); caches map a point's
    /// relevant rows and seed to its job.
    private var recipes: [Recipe] = []
    private var caches: [[Int: Int]] = []
    private var equalTime: (dimension: Int, column: Int)? = nil
    private var equalTimeFixed = false

    init(layout: JobLayout, spec: SweepSpec, maxJobs: Int) {
        self.layout = layout
        self.spec = spec
        self.maxJobs = maxJobs
        defer {
            caches = Array(repeating: [:], count: recipes.count)
            // Room for every job up front: growing a million-entry table rehashes it many times.
            let (runs, overflow) = spec.pointCount.multipliedReportingOverflow(by: spec.seeds.count * recipes.count)
            let expected = min(overflow ? maxJobs : runs, maxJobs, 4_000_000)
            byHash.reserveCapacity(expected)
            jobs.reserveCapacity(expected)
        }
        if layout.isCommand {
            recipes = [makeRecipe(nil)]
        } else {
            recipes = Schedule.allCases.map { makeRecipe($0) }
            if let position = layout.position(of: "equal_time_budget") {
                equalTime = position
            } else {
                equalTimeFixed = layout.fixed["equal_time_budget"] == .bool(true)
            }
        }
    }

    private func makeRecipe(_ schedule: Schedule?) -> Recipe {
        var header = "blocksweep-job 1\n"
        let names: [String]
        let defaults: [String: ParameterValue]
        switch spec.runner {
        case .builtin, .torch:
            header += "runner=\(spec.runner == .torch ? "torch" : "builtin")\nschedule=\(schedule!.rawValue)\n"
            names = ParameterCatalog.sweepable.filter { $0.schedules.contains(schedule!) }.map(\.name)
            let config = BenchConfig()
            defaults = Dictionary(uniqueKeysWithValues: ParameterCatalog.sweepable.map { ($0.name, $0.value(in: config)) })
        case .command(let argv):
            // The command itself decides what runs, so it is part of the identity.
            header += "runner=command\n" + argv.map { "argv=\($0)\n" }.joined()
            names = (Array(layout.fixed.keys) + layout.slotNames).sorted()
            defaults = [:]
        }
        let seeded = spec.seeds.map { seed in
            var h = FNV128()
            h.add(header + "seed=\(seed)\n")
            return h
        }
        var parts: [Part] = []
        var fixedParams: [String: ParameterValue] = [:]
        var relevantDims = Set<Int>()
        func line(_ name: String, _ v: ParameterValue) -> [UInt8] { Array("\(name)=\(Self.canonical(v))\n".utf8) }
        for name in names {
            if case let (d, column)? = layout.position(of: name) {
                let values = spec.dimensions[d].rows.map { $0[column] }
                parts.append(.slot(dimension: d, name: name,
                                   rows: values.map { defaults[name] == $0 ? [] : line(name, $0) },
                                   values: values.map { defaults[name] == $0 ? nil : $0 }))
                relevantDims.insert(d)
            } else if let v = layout.fixed[name], defaults[name] != v {
                if case .bytes(let b)? = parts.last { parts[parts.count - 1] = .bytes(b + line(name, v)) }
                else { parts.append(.bytes(line(name, v))) }
                fixedParams[name] = v
            }
        }
        let slotCount = parts.reduce(0) { n, p in if case .slot = p { return n + 1 }; return n }
        return Recipe(schedule: schedule, seeded: seeded, parts: parts, fixedParams: fixedParams,
                      relevantDims: relevantDims.sorted(), slotCount: slotCount)
    }

    /// Exact text of a value in an id: ints as ints, doubles in shortest round-trip form.
    static func canonical(_ v: ParameterValue) -> String {
        switch v {
        case .int(let i): return "i:\(i)"
        case .double(let d): return "d:\(d)"
        case .bool(let b): return "b:\(b)"
        case .string(let s): return "s:\(s)"
        }
    }

    /// Adds the jobs of one kept point; false once the plan would exceed `maxJobs`.
    mutating func addPoint(_ index: [Int]) -> Bool {
        guard !layout.isCommand else {
            for seed in spec.seeds.indices { guard job(nil, seed, index, requested: true) != nil else { return false } }
            return true
        }
        let timed = equalTime.map { spec.dimensions[$0.dimension].rows[index[$0.dimension]][$0.column] == .bool(true) }
            ?? equalTimeFixed
        for seed in spec.seeds.indices {
            var baseline: String? = nil
            for schedule in spec.schedules {
                var depends: [String] = []
                if timed && schedule != .fullUpdate {
                    if baseline == nil {
                        guard let b = job(.fullUpdate, seed, index, requested: false) else { return false }
                        baseline = jobs[b].id
                    }
                    depends = [baseline!]
                }
                guard let j = job(schedule, seed, index, requested: true, dependsOn: depends) else { return false }
                if schedule == .fullUpdate { baseline = jobs[j].id }
            }
        }
        return true
    }

    /// The index of the job for this schedule, seed and point, planning it when new.
    private mutating func job(_ schedule: Schedule?, _ seed: Int, _ index: [Int], requested: Bool,
                              dependsOn: [String] = []) -> Int? {
        let r = schedule.map { Schedule.allCases.firstIndex(of: $0)! } ?? 0
        let recipe = recipes[r]
        // Points equal in every relevant dimension are the same run: skip hashing them again.
        let shortcut = recipe.relevantDims.count < index.count
        var key = seed
        if shortcut {
            for d in recipe.relevantDims { key = key &* spec.dimensions[d].rows.count &+ index[d] }
            if let j = caches[r][key] {
                if requested { shared += 1 }
                return j
            }
        }
        var hash = recipe.seeded[seed]
        for part in recipe.parts {
            switch part {
            case .bytes(let b): hash.add(b)
            case .slot(let d, _, let rows, _): hash.add(rows[index[d]])
            }
        }
        let found: Int
        if let j = byHash[hash] {
            if requested { shared += 1 }
            found = j
        } else {
            guard jobs.count < maxJobs else { return nil }
            var params = recipe.fixedParams
            params.reserveCapacity(recipe.fixedParams.count + recipe.slotCount)
            for part in recipe.parts {
                if case .slot(let d, let name, _, let values) = part, let v = values[index[d]] { params[name] = v }
            }
            let id = hash.id(prefix: Self.idPrefix(schedule))
            jobs.append(Job(id: id, schedule: schedule, seed: spec.seeds[seed], params: params, dependsOn: dependsOn))
            found = jobs.count - 1
            byHash[hash] = found
            if !requested, let s = schedule, !spec.schedules.contains(s) { addedBaselines += 1 }
        }
        if shortcut { caches[r][key] = found }
        return found
    }

    static func idPrefix(_ schedule: Schedule?) -> String {
        switch schedule {
        case .fullUpdate?: return "full"
        case .staticSuffix?: return "static"
        case .dynamicSuffix?: return "dyn"
        case nil: return "job"
        }
    }
}
