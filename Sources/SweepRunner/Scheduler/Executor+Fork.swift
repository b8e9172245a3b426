import Foundation
import SweepKit
import Vocabulary

#if canImport(Glibc)
    import Glibc
#endif

/// Prefix forking in the executor (docs/benchmark.md, "Prefix forking"): a baseline with fork
/// dependents still to run is told who they are; a dependent whose baseline left it a snapshot
/// starts from it (else it trains from step 0, with the same result); snapshots go once no
/// job that forks from them can still run.
extension Executor {
    /// The fork flags of job `i`'s attempt about to start: a source records for its dependents
    /// still to run; a dependent starts from whichever of its sources' records lets it fork
    /// latest (its sibling source's, else its baseline's).
    func forkArguments(for i: Int) throws(SweepRunError) -> [String] {
        let job = jobs[i].job
        var argv: [String] = []
        let waiting = (forks.dependents[i] ?? []).filter { jobs[$0].phase == .pending }
        if !waiting.isEmpty {
            try writeForkPlan(baseline: i, dependents: waiting)
            argv += runner.forkArguments(.record(folder: folder.forkFolder(job.id)))
        }
        var best: (folder: String, step: Int)? = nil
        for s in ForkBook.sources(of: i, jobs: jobs, indexByID: indexByID) {
            let id = jobs[s].job.id
            guard let record = forkRecord(id), let snapshot = record.snapshot(for: job.id),
                snapshot.step > (best?.step ?? -1),
                FileManager.default.fileExists(atPath: folder.forkFolder(id) + "/" + snapshot.file)
            else { continue }
            best = (folder.forkFolder(id), snapshot.step)
        }
        if let best { argv += runner.forkArguments(.start(folder: best.folder, step: best.step)) }
        return argv
    }

    /// fork-plan.json for a baseline about to run; what an earlier attempt left is cleared.
    private func writeForkPlan(baseline i: Int, dependents: [Int]) throws(SweepRunError) {
        let id = jobs[i].job.id
        let dir = folder.forkFolder(id)
        try FileManager.default.createDirectoryIfNeeded(dir)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] {
            let path = dir + "/" + name
            if let entry = forks.onDisk.removeValue(forKey: path) { forks.bytes -= entry.bytes }
            unlink(path)
        }
        forks.registered.remove(i)
        let plan = ForkDependents(
            baseline: id,
            dependents: dependents.map { d in
                var params = jobs[d].job.params
                params["seed"] = .int(jobs[d].job.seed)
                return ForkDependents.Dependent(job: jobs[d].job.id, params: params)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(plan) else { throw .system("cannot encode the fork plan of \(id)") }
        try AtomicFile.write(data, to: folder.forkPlan(id))
    }

    func forkRecord(_ baselineID: String) -> ForkRecord? {
        FileManager.default.contents(atPath: folder.forkRecord(baselineID)).flatMap { try? ForkRecord.decode(from: $0) }
    }

    /// Counts the snapshots of baselines just done and deletes those no job that forks from
    /// them can still run (done, failed for good or skipped).
    func updateForks() {
        for (b, _) in forks.dependents where jobs[b].phase == .done && !forks.registered.contains(b) {
            forks.registered.insert(b)
            let id = jobs[b].job.id
            guard let record = forkRecord(id) else { continue }
            for s in record.snapshots {
                let path = folder.forkFolder(id) + "/" + s.file
                guard forks.onDisk[path] == nil, FileManager.default.fileExists(atPath: path) else { continue }
                forks.onDisk[path] = (s.bytes, s.jobs.compactMap { indexByID[$0] })
                forks.bytes += s.bytes
            }
            forks.peakBytes = max(forks.peakBytes, forks.bytes)
        }
        let settled: (Int) -> Bool = { [jobs] in [.done, .failed, .skipped].contains(jobs[$0].phase) }
        for (path, entry) in forks.onDisk where entry.jobs.allSatisfy(settled) {
            unlink(path)
            forks.onDisk[path] = nil
            forks.bytes -= entry.bytes
        }
    }
}
