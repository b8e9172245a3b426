import Vocabulary

/// Prefix forking's files: forks/<baseline id>/ holds fork-plan.json (the dependents, written
/// before the baseline starts), record.json and step-S.snapshot (written by the baseline).
extension ResultsFolder {
    package func forkFolder(_ baselineID: String) -> String { path + "/forks/" + baselineID }
    package func forkPlan(_ baselineID: String) -> String { forkFolder(baselineID) + "/" + ForkFiles.plan }
    package func forkRecord(_ baselineID: String) -> String { forkFolder(baselineID) + "/" + ForkFiles.record }
}
