/// The executor's bookkeeping of prefix forking: which jobs fork from which baseline, and the
/// snapshots on disk (each deleted once no job that forks from it can still run), with the
/// most bytes they held at once.
struct ForkBook {
    /// Baseline job index → the indices of the jobs that fork from it.
    var dependents: [Int: [Int]] = [:]
    /// Baselines whose record has been read since they were done.
    var registered: Set<Int> = []
    /// Snapshot files on disk → their size and the jobs that fork from them.
    var onDisk: [String: (bytes: Int, jobs: [Int])] = [:]
    var bytes = 0
    var peakBytes = 0

    init(jobs: [JobState], indexByID: [String: Int]) {
        for (i, state) in jobs.enumerated() {
            if let b = state.job.forkFrom.flatMap({ indexByID[$0] }) { dependents[b, default: []].append(i) }
        }
    }
}
