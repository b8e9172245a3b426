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
