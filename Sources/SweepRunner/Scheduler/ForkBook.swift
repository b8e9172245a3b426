/// The executor's bookkeeping of prefix forking: which jobs fork from which baseline, and the
/// snapshots on disk (each deleted once no job that forks from it can still run), with the
/// most bytes they held at once.
struct ForkBook {
    /// Source job index (a baseline, or a sibling that forks itself) → the jobs that may fork from it.
    var dependents: [Int: [Int]] = [:]
    /// Baselines whose record has been read since they were done.
    var registered: Set<Int> = []
    /// Snapshot files on disk → their size and the jobs that fork from them.
    var onDisk: [String: (bytes: Int, jobs: [Int])] = [:]
    var bytes = 0
    var peakBytes = 0

    init(jobs: [JobState], indexByID: [String: Int]) {
        for i in jobs.indices {
            for source in Self.sources(of: i, jobs: jobs, indexByID: indexByID) {
                dependents[source, default: []].append(i)
            }
        }
    }

    /// The jobs job `i` may fork from: its source, that one's source, … up to its baseline.
    static func sources(of i: Int, jobs: [JobState], indexByID: [String: Int]) -> [Int] {
        var chain: [Int] = []
        var next = jobs[i].job.forkFrom.flatMap { indexByID[$0] }
        while let s = next, !chain.contains(s), chain.count < jobs.count {
            chain.append(s)
            next = jobs[s].job.forkFrom.flatMap { indexByID[$0] }
        }
        return chain
    }
}
