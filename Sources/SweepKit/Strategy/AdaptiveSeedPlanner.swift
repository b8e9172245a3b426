import Vocabulary

/// Adaptive seeds (`seeds: {initial, max}`): after the jobs planned so far are done, gives
/// every row that is not settled (SeedStop.isSettled: inconclusive, or rejected by a mean
/// whose interval straddles the threshold) its next seed. The verdicts are the report's own
/// (Aggregator and Judge), so a row the report settles never gets another seed. The added jobs are taken from
/// the sweep planned with every seed 1...max, so they carry the ids a plain list would give.
package enum AdaptiveSeedPlanner {
    /// A row's identity across seeds: its job's schedule and parameters, the seed aside.
    private struct SeedlessKey: Hashable {
        var schedule: Schedule?
        var params: [String: ParameterValue]

        init(_ job: Job) {
            schedule = job.schedule
            params = job.params.filter { $0.key != "seed" }
        }
    }

    /// Adds to `plan` the jobs of each unsettled row's next seed (its own job and, where
    /// missing, the full_update baseline of that seed, which other rows then share) and
    /// returns them, calibrations included; empty when every row is settled or at `max`.
    /// `full` is the same sweep planned with every seed; `jobID` maps a result file to its job.
    package static func addNextSeeds(
        to plan: inout Plan, full: Plan, report: SweepReport, jobID: (String) -> String?
    ) -> [Job] {
        guard let adaptive = plan.adaptiveSeeds else { return [] }
        let planned = Dictionary(plan.allJobs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var fullBySeed: [SeedlessKey: [Int: Job]] = [:]
        for job in full.jobs { fullBySeed[SeedlessKey(job), default: [:]][job.seed] = job }

        var wanted: [String: Job] = [:]
        for row in openRows(plan, report: report, jobID: jobID) {
            guard let seeds = fullBySeed[row.key],
                let seed = adaptive.allSeeds.first(where: { !row.used.contains($0) && seeds[$0] != nil })
            else { continue }
            for job in [seeds[seed]!] + row.baselineJobs.compactMap({ fullBySeed[SeedlessKey($0)]?[seed] })
            where planned[job.id] == nil {
                wanted[job.id] = job
            }
        }
        // What they need first (a calibration, an equal-time baseline) comes along.
        let fullByID = Dictionary(full.allJobs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var queue = Array(wanted.values)
        while let job = queue.popLast() {
            for id in job.requirements where planned[id] == nil && wanted[id] == nil {
                guard let needed = fullByID[id] else { continue }
                wanted[id] = needed
                queue.append(needed)
            }
        }
        // In the full plan's order, so the same results always add the same jobs the same way.
        var added = full.allJobs.filter { wanted[$0.id] != nil }
        for i in added.indices {
            // A job forks only from a source that runs with it; a finished source kept no
            // snapshot for it, so it trains from step 0 (the same result, more compute).
            if let source = added[i].forkFrom, wanted[source] == nil { added[i].forkFrom = nil }
        }
        let calibrationIDs = Set(full.calibrations.map(\.id))
        plan.calibrations += added.filter { calibrationIDs.contains($0.id) }
        plan.jobs += added.filter { !calibrationIDs.contains($0.id) }
        return added
    }

    /// How many rows of `report` are not settled and have fewer than `max` seeds in `plan`:
    /// the rows a run that goes on gives another seed (`status` of a sweep stopped between
    /// rounds). 0 for a fixed seed list.
    package static func rowsAwaitingSeeds(in plan: Plan, report: SweepReport, jobID: (String) -> String?) -> Int {
        openRows(plan, report: report, jobID: jobID).count
    }

    /// A row that wants another seed: its seedless identity, the seeds it has planned, and the
    /// full_update baseline jobs its runs are paired with.
    private struct OpenRow {
        var key: SeedlessKey
        var used: Set<Int>
        var baselineJobs: [Job]
    }

    private static func openRows(_ plan: Plan, report: SweepReport, jobID: (String) -> String?) -> [OpenRow] {
        guard let adaptive = plan.adaptiveSeeds else { return [] }
        let planned = Dictionary(plan.allJobs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var plannedSeeds: [SeedlessKey: Set<Int>] = [:]
        for job in plan.jobs { plannedSeeds[SeedlessKey(job), default: []].insert(job.seed) }
        var rows: [OpenRow] = []
        for row in report.ranked + report.baselines where !SeedStop.isSettled(row, rules: report.rules) {
            let rowJobs = Set(row.runs.compactMap { jobID($0.source) }).compactMap { planned[$0] }
            let baselineJobs = Set(row.observations.compactMap { $0.baselineSource.flatMap(jobID) })
                .compactMap { planned[$0] }
            guard let key = rowJobs.first.map(SeedlessKey.init) else { continue }
            let used = plannedSeeds[key] ?? []
            guard used.count < adaptive.max else { continue }
            rows.append(OpenRow(key: key, used: used, baselineJobs: baselineJobs))
        }
        return rows
    }
}
