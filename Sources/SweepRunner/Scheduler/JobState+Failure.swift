extension JobState {
    /// A failed attempt: pending again while the budget lasts (and a try could help), else
    /// failed for good. Returns whether it is final. The local executor and the Slurm watcher
    /// journal and report it each in their own terms.
    mutating func fail(reason: String, retryable: Bool) -> Bool {
        if !retryable { attemptsLeft = 0 }
        let final = attemptsLeft <= 0
        phase = final ? .failed : .pending
        self.reason = reason
        return final
    }
}

extension JobState.Phase {
    /// Ended without a result its dependents could use: failed for good, skipped, or stopped
    /// early by its policy.
    var blocksDependents: Bool { self == .failed || self == .skipped || self == .stoppedEarly }
    /// Nothing more happens to it in this run.
    var hasEnded: Bool { self == .done || blocksDependents }
}

extension JobState {
    /// Why job `i` cannot run: a requirement ended without a result (nil when none). Both
    /// executors skip a job for this reason, in these words.
    static func blocker(of i: Int, in jobs: [JobState], indexByID: [String: Int]) -> String? {
        guard
            let b = jobs[i].job.requirements.lazy.compactMap({ indexByID[$0] })
                .first(where: { jobs[$0].phase.blocksDependents })
        else { return nil }
        let why: String
        switch jobs[b].phase {
        case .failed: why = "failed"
        case .stoppedEarly: why = "was stopped early"
        default: why = "was skipped"
        }
        let what = jobs[b].job.isCalibration ? "calibration" : "baseline"
        return "\(what) \(jobs[b].job.id) \(why): \(jobs[b].reason ?? "no reason recorded")"
    }
}
