import Vocabulary

/// Adaptive seeds (`seeds: {initial, max}`) as a round policy: after each round, every row
/// the report leaves unsettled gets its next seed (AdaptiveSeedPlanner), until none wants one.
/// The added jobs come from the sweep planned with every seed 1...max, so they carry the ids
/// a plain seed list would give.
package struct AdaptiveSeedPolicy: RoundPolicy {
    /// The sweep planned with every seed 1...max: where added jobs come from.
    package let full: Plan
    private let fullByID: [String: Job]

    package init(full: Plan) {
        self.full = full
        fullByID = Dictionary(full.allJobs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    package func nextRound(after state: JudgedSweep) -> RoundDecision {
        var plan = state.plan
        let added = AdaptiveSeedPlanner.addNextSeeds(to: &plan, full: full, report: state.report, jobID: state.jobID)
        guard !added.isEmpty else { return .finished }
        let reasons = Dictionary(
            added.map { ($0.id, "seed \($0.seed) for a configuration whose verdict is not settled") },
            uniquingKeysWith: { a, _ in a })
        let jobs = added.filter { !$0.isCalibration }
        let seeds = Set(jobs.map(\.seed)).sorted().map(String.init)
        let summary =
            "adaptive seeds: \(jobsAndCalibrations(jobs.count, added.count - jobs.count)) added "
            + "(seed \(seeds.joined(separator: ", "))) for configurations whose verdict is not settled"
        return .run(jobs: added, reasons: reasons, summary: summary)
    }

    /// The file only names a job: it is taken from the sweep as planned now, not from the
    /// file, whose JSON reads a setting of 2.0 back as the integer 2 (another row key, and
    /// another argument). Its fork source stays the one the adding round chose (none where its
    /// baseline had already run), so a resumed plan is the plan of a run that never stopped.
    package func restore(_ saved: Job) -> Job? {
        guard var job = fullByID[saved.id] else { return nil }
        job.forkFrom = saved.forkFrom
        return job
    }
}
