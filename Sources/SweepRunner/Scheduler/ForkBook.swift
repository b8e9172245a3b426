import Foundation
import SweepKit
import Vocabulary

#if canImport(Glibc)
    import Glibc
#endif

/// The bookkeeping of prefix forking, kept by whoever watches a sweep (the local executor, the
/// Slurm watcher): which jobs fork from which source, and the snapshots on disk (each deleted
/// once no job that forks from it can still run), with the most bytes they held at once.
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
        sources(of: jobs[i].job) { indexByID[$0].map { jobs[$0].job } }.compactMap { indexByID[$0] }
    }

    /// The ids of the jobs `job` may fork from, nearest first: its source, that one's source, …
    /// up to its baseline (`lookup` finds a job by id).
    static func sources(of job: Job, lookup: (String) -> Job?) -> [String] {
        var chain: [String] = []
        var next = job.forkFrom
        while let s = next, s != job.id, !chain.contains(s) {
            chain.append(s)
            next = lookup(s)?.forkFrom
        }
        return chain
    }

    /// Source `i` runs again: what its earlier attempt left is no longer counted (its fork
    /// folder is cleared), and its new record is read once it is done.
    mutating func forget(_ i: Int, folder: String) {
        for (path, entry) in onDisk where path.hasPrefix(folder + "/") {
            onDisk[path] = nil
            bytes -= entry.bytes
        }
        registered.remove(i)
    }

    /// Counts the snapshots of sources just ended and deletes those no job that forks from them
    /// can still run (done, failed for good or skipped). A source that failed without writing
    /// its record leaves snapshots no job can use: they go at once.
    mutating func update(jobs: [JobState], indexByID: [String: Int], folder: ResultsFolder) {
        for (b, _) in dependents where jobs[b].phase.hasEnded && !registered.contains(b) {
            registered.insert(b)
            let id = jobs[b].job.id
            guard let record = ForkLaunch.record(of: id, in: folder) else {
                let dir = folder.forkFolder(id)
                for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
                where name.contains(ForkFiles.snapshotSuffix) {
                    unlink(dir + "/" + name)
                }
                continue
            }
            for s in record.snapshots {
                let path = folder.forkFolder(id) + "/" + s.file
                guard onDisk[path] == nil, FileManager.default.fileExists(atPath: path) else { continue }
                onDisk[path] = (s.bytes, s.jobs.compactMap { indexByID[$0] })
                bytes += s.bytes
            }
            peakBytes = max(peakBytes, bytes)
        }
        let settled: (Int) -> Bool = { jobs[$0].phase.hasEnded }
        for (path, entry) in onDisk where entry.jobs.allSatisfy(settled) {
            unlink(path)
            onDisk[path] = nil
            bytes -= entry.bytes
        }
    }
}
