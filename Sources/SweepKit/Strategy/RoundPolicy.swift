import Vocabulary

/// A sweep's strategy: after each round it reads the judged state of the sweep (the plan so
/// far and its report, with the report's own verdicts) and returns the next round's jobs, or
/// says the sweep is finished. Adaptive seeds (`AdaptiveSeedPolicy`) is the first; a policy
/// that proposes new points (a search) returns freshly planned jobs the same way, and one that
/// prunes answers `jobsToStop` while a round runs. The runner of rounds
/// (`Sources/SweepRunner/Scheduler/PolicyRounds.swift`) journals and keeps what it adds, the
/// same for every policy.
package protocol RoundPolicy: Sendable {
    /// The next round, decided from the finished rounds' results.
    func nextRound(after state: JudgedSweep) -> RoundDecision
    /// The jobs earlier rounds added (as added-jobs.json names them), as the sweep plans them
    /// now; nil for a job the edited sweep no longer reaches. By default the saved job itself.
    func restore(_ saved: Job) -> Job?
    /// Whether it stops running jobs: only then does the executor read their progress files.
    var prunes: Bool { get }
    /// Running jobs to stop now, each with why (pruning), from their progress. None by default.
    func jobsToStop(_ running: [JobProgress]) -> [StopRequest]
}

extension RoundPolicy {
    package func restore(_ saved: Job) -> Job? { saved }
    package var prunes: Bool { false }
    package func jobsToStop(_ running: [JobProgress]) -> [StopRequest] { [] }
}

/// What a policy sees between rounds.
package struct JudgedSweep {
    /// Every job planned so far, the added ones included.
    package var plan: Plan
    /// The report over the results folder: rows, pairing, pooled intervals and verdicts.
    package var report: SweepReport
    /// The job behind a result file of the results folder (jobs/<id>/result.json).
    package var jobID: (String) -> String?

    package init(plan: Plan, report: SweepReport, jobID: @escaping (String) -> String?) {
        self.plan = plan
        self.report = report
        self.jobID = jobID
    }
}

/// A policy's answer after a round.
package enum RoundDecision: Equatable {
    /// Nothing more to run.
    case finished
    /// Run these jobs next (calibrations and what they need included), each with the reason
    /// the journal records; `summary` is the line `run` prints.
    case run(jobs: [Job], reasons: [String: String], summary: String)
}

/// A running job stopped by its policy before its end, and why: recorded as `stopped early`,
/// never retried, apart from failed.
package struct StopRequest: Sendable, Equatable {
    package var job: String
    package var reason: String

    package init(job: String, reason: String) {
        self.job = job
        self.reason = reason
    }
}
