import Vocabulary

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
        /// Per part: the dimension a slot reads, -1 for fixed bytes.
        var partDimensions: [Int]
        /// Per part, per row of its dimension: the bytes it hashes (fixed bytes: one row).
        var partBytes: [[[UInt8]]]
        /// Non-default fixed settings that go into every job's params.
        var fixedParams: [String: ParameterValue]
        /// Dimensions holding a relevant slot; jobs of points equal in these are the same run.
        var relevantDims: [Int]
        /// The slot parts, for building params.
        var slots: [Slot]
        /// Different rows of each dimension read give different bytes (builtin and torch
        /// runners, whose values hold no line breaks). Then points that differ in a relevant
        /// row never hash alike, every job not found by the row cache is new, and the id table
        /// is not needed: on a million-job grid it held 100 MB and a fifth of the time.
        var rowsDistinct: Bool
    }

    private struct Slot {
        var dimension: Int
        var name: String
        /// Per row: the value params records (nil = default, left out).
        var values: [ParameterValue?]
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
    /// Indexed [recipe][seed].
    private var memos: [[HashMemo]] = []

    /// The hash state after each part of the last job one recipe hashed at one seed, and the
    /// row each slot read. Points come in mixed-radix order, so consecutive jobs mostly differ
    /// only in their last parts: hashing resumes after the longest unchanged prefix.
    private struct HashMemo {
        var rows: [Int]
        var states: [FNV128]
        var valid = false
    }
    /// Per recipe.
    private var paramsMemos: [ParamsMemo] = []

    /// The params of the last job a recipe planned and the row each slot held. The next job's
    /// params start as a copy and change only where rows differ: hashing every name of every
    /// job took a seventh of the time of planning a million jobs.
    private struct ParamsMemo {
        var rows: [Int]
        var params: [String: ParameterValue]
    }

    private var equalTime: (dimension: Int, column: Int)? = nil
    private var equalTimeFixed = false
    /// Builtin jobs at equal-time points read the modelled clock: a different run from a
    /// wall-clock one (other step counts), so their ids say so.
    private let modelledClock: Bool
    /// `execution.fork` with the builtin or torch runner: dynamic_suffix jobs fork from their baseline.
    private let forking: Bool

    init(layout: JobLayout, spec: SweepSpec, maxJobs: Int) {
        self.layout = layout
        self.spec = spec
        self.maxJobs = maxJobs
        modelledClock = spec.runner.runsBenchmark && spec.execution.equalTimeClock == .modelled
        forking = spec.runner.runsBenchmark && spec.execution.fork
        defer {
            caches = Array(repeating: [:], count: recipes.count)
            memos = recipes.map { recipe in
                let memo = HashMemo(
                    rows: Array(repeating: -1, count: recipe.parts.count),
                    states: Array(repeating: FNV128(), count: recipe.parts.count))
                return Array(repeating: memo, count: spec.seeds.count)
            }
            paramsMemos = recipes.map { recipe in
                var params = recipe.fixedParams
                params.reserveCapacity(recipe.fixedParams.count + recipe.slots.count)
                return ParamsMemo(rows: Array(repeating: -1, count: recipe.slots.count), params: params)
            }
            // Room for every job up front: growing a million-entry table rehashes it many times.
            let (runs, overflow) = spec.pointCount.multipliedReportingOverflow(by: spec.seeds.count * recipes.count)
            let expected = min(overflow ? maxJobs : runs, maxJobs, 4_000_000)
            if !recipes.allSatisfy(\.rowsDistinct) { byHash.reserveCapacity(expected) }
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
            // Deterministic kernels compute and time another run: another job.
            if spec.deterministicKernels { header += "kernels=deterministic\n" }
            names = ParameterCatalog.sweepable.filter { $0.schedules.contains(schedule!) }.map(\.name)
            let config = BenchConfig()
            defaults = Dictionary(
                uniqueKeysWithValues: ParameterCatalog.sweepable.map { ($0.name, $0.value(in: config)) })
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
            if case (let d, let column)? = layout.position(of: name) {
                let values = spec.dimensions[d].rows.map { $0[column] }
                parts.append(
                    .slot(
                        dimension: d, name: name,
                        rows: values.map { defaults[name] == $0 ? [] : line(name, $0) },
                        values: values.map { defaults[name] == $0 ? nil : $0 }))
                relevantDims.insert(d)
            } else if let v = layout.fixed[name], defaults[name] != v {
                if case .bytes(let b)? = parts.last {
                    parts[parts.count - 1] = .bytes(b + line(name, v))
                } else {
                    parts.append(.bytes(line(name, v)))
                }
                fixedParams[name] = v
            }
        }
        let partDimensions = parts.map { part in if case .slot(let d, _, _, _) = part { d } else { -1 } }
        let partBytes = parts.map { part in
            switch part {
            case .bytes(let b): [b]
            case .slot(_, _, let rows, _): rows
            }
        }
        // Rows are told apart by a hash of their bytes: equal rows always collide, and a rare
        // collision of different rows only keeps the id table. Huge samples keep it too.
        var rowsDistinct = schedule != nil
        for d in relevantDims where rowsDistinct {
            let rowCount = spec.dimensions[d].rows.count
            guard rowCount <= 1_000_000 else {
                rowsDistinct = false
                break
            }
            var seen = Set<FNV128>(minimumCapacity: rowCount)
            for row in 0..<rowCount where rowsDistinct {
                var h = FNV128()
                for case .slot(d, _, let rows, _) in parts {
                    h.add(rows[row])
                    h.add([0xFF])  // not UTF-8: ends each part's bytes unambiguously
                }
                rowsDistinct = seen.insert(h).inserted
            }
        }
        let slots = parts.compactMap { part -> Slot? in
            if case .slot(let d, let name, _, let values) = part {
                Slot(dimension: d, name: name, values: values)
            } else {
                nil
            }
        }
        return Recipe(
            schedule: schedule, seeded: seeded, parts: parts, partDimensions: partDimensions,
            partBytes: partBytes, fixedParams: fixedParams, relevantDims: relevantDims.sorted(), slots: slots,
            rowsDistinct: rowsDistinct)
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

    /// The jobs planned, moved out: with the builder still holding them, the first change to
    /// one (its calibration) copied every job of the plan.
    mutating func takeJobs() -> [Job] {
        var out: [Job] = []
        swap(&out, &jobs)
        return out
    }

    /// Adds the jobs of one kept point; false once the plan would exceed `maxJobs`.
    mutating func addPoint(_ index: [Int]) -> Bool {
        guard !layout.isCommand else {
            for seed in spec.seeds.indices { guard job(nil, seed, index, requested: true) != nil else { return false } }
            return true
        }
        let timed =
            equalTime.map { spec.dimensions[$0.dimension].rows[index[$0.dimension]][$0.column] == .bool(true) }
            ?? equalTimeFixed
        // Prefix forking needs a run whose decisions the machine's load cannot move: no
        // equal-time budget, or one on the modelled clock.
        let forks = forking && (!timed || modelledClock)
        for seed in spec.seeds.indices {
            var baseline: String? = nil
            var dependent: Int? = nil
            for schedule in spec.schedules {
                var depends: [String] = []
                // full_update runs its steps whatever the clock: its id stays.
                let modelled = timed && modelledClock && !schedule.isBaseline
                if timed && !schedule.isBaseline {
                    if baseline == nil {
                        guard let b = job(.baseline, seed, index, requested: false) else { return false }
                        baseline = jobs[b].id
                    }
                    depends = [baseline!]
                }
                guard let j = job(schedule, seed, index, requested: true, dependsOn: depends, modelled: modelled) else {
                    return false
                }
                if schedule.isBaseline { baseline = jobs[j].id }
                if schedule.kind.forking == .dependent { dependent = j }
            }
            if forks, let dependent, let baseline { jobs[dependent].forkFrom = baseline }
        }
        return true
    }

    /// The index of the job for this schedule, seed and point, planning it when new.
    private mutating func job(
        _ schedule: Schedule?, _ seed: Int, _ index: [Int], requested: Bool,
        dependsOn: [String] = [], modelled: Bool = false
    ) -> Int? {
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
        var hash = idHash(r, seed, index)
        // After every setting: jobs on the wall clock keep the ids they always had.
        if modelled { hash.add(Self.modelledClockLine) }
        // Each recipe runs once per point and seed, and the row cache catches points equal in
        // every relevant row; with distinct rows, anything else is a new run.
        var isNew = true
        let found: Int
        if recipe.rowsDistinct {
            found = jobs.count
        } else {
            // One table lookup: a new hash gets the next job's index in place.
            isNew = false
            let next = jobs.count
            func claim(_ slot: inout Int) -> Int {
                if slot < 0 {
                    slot = next
                    isNew = true
                }
                return slot
            }
            found = claim(&byHash[hash, default: -1])
        }
        if !isNew {
            if requested { shared += 1 }
        } else {
            // Past the limit the plan is refused whole, so a table entry just made does not matter.
            guard jobs.count < maxJobs else { return nil }
            let params = nextParams(r, index)
            let id = hash.id(prefix: Self.idPrefix(schedule))
            jobs.append(Job(id: id, schedule: schedule, seed: spec.seeds[seed], params: params, dependsOn: dependsOn))
            if !requested, let s = schedule, !spec.schedules.contains(s) { addedBaselines += 1 }
        }
        if shortcut { caches[r][key] = found }
        return found
    }

    /// The params of recipe `r`'s job at this point: the last job's, changed where rows differ.
    private mutating func nextParams(_ r: Int, _ index: [Int]) -> [String: ParameterValue] {
        for (k, slot) in recipes[r].slots.enumerated() {
            let row = index[slot.dimension]
            guard paramsMemos[r].rows[k] != row else { continue }
            paramsMemos[r].rows[k] = row
            paramsMemos[r].params[slot.name] = slot.values[row]  // nil (a default) removes it
        }
        return paramsMemos[r].params
    }

    /// The id hash of recipe `r`'s job at this seed and point: the header state, then every
    /// part's bytes, resumed from the memo where the leading parts read the same rows as before.
    private mutating func idHash(_ r: Int, _ seed: Int, _ index: [Int]) -> FNV128 {
        // Worked on as a local, not through two subscripts on every access.
        var memo = HashMemo(rows: [], states: [])
        swap(&memo, &memos[r][seed])
        defer { swap(&memo, &memos[r][seed]) }
        let dims = recipes[r].partDimensions
        var first = 0
        if memo.valid {
            first = dims.count
            for k in dims.indices where dims[k] >= 0 && memo.rows[k] != index[dims[k]] {
                first = k
                break
            }
        }
        var hash = first == 0 ? recipes[r].seeded[seed] : memo.states[first - 1]
        let bytes = recipes[r].partBytes
        for k in first..<dims.count {
            let row = dims[k] < 0 ? 0 : index[dims[k]]
            bytes[k][row].withUnsafeBufferPointer { hash.add($0) }
            memo.rows[k] = row
            memo.states[k] = hash
        }
        memo.valid = true
        return hash
    }

    /// What an id hashes last for a builtin job whose equal-time budget reads the modelled clock.
    static let modelledClockLine = "equal_time_clock=s:modelled\n"

    static func idPrefix(_ schedule: Schedule?) -> String { schedule?.kind.idPrefix ?? "job" }
}
