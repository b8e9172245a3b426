import Foundation
import SweepKit
import Vocabulary

#if canImport(Glibc)
    import Glibc
#endif

/// The fork flags of an attempt about to start (docs/benchmark.md, "Prefix forking"), decided
/// the same way by the local executor and by the Slurm task launcher on its node: a source
/// records for its dependents still to run; a dependent starts from whichever of its sources'
/// records lets it fork latest.
enum ForkLaunch {
    /// The record flags of `source`, with forks/<id>/fork-plan.json naming `dependents`; what
    /// an earlier attempt left in that folder is cleared first.
    static func recordArguments(
        source: Job, dependents: [Job], folder: ResultsFolder, runner: JobRunner
    ) throws(SweepRunError) -> [String] {
        let dir = folder.forkFolder(source.id)
        try FileManager.default.createDirectoryIfNeeded(dir)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] { unlink(dir + "/" + name) }
        let plan = ForkDependents(
            baseline: source.id,
            dependents: dependents.map { d in
                var params = d.params
                params["seed"] = .int(d.seed)
                return ForkDependents.Dependent(job: d.id, params: params)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(plan) else {
            throw .system("cannot encode the fork plan of \(source.id)")
        }
        try AtomicFile.write(data, to: folder.forkPlan(source.id))
        return runner.forkArguments(.record(folder: dir))
    }

    /// The start flags of `job`: from the latest snapshot for it that one of `sources` (ids,
    /// nearest first) recorded and that is still on disk; none (step 0, the same result) when
    /// there is none.
    static func startArguments(for job: Job, sources: [String], folder: ResultsFolder, runner: JobRunner) -> [String] {
        var best: (folder: String, step: Int)? = nil
        for id in sources {
            guard let record = record(of: id, in: folder), let snapshot = record.snapshot(for: job.id),
                snapshot.step > (best?.step ?? -1),
                FileManager.default.fileExists(atPath: folder.forkFolder(id) + "/" + snapshot.file)
            else { continue }
            best = (folder.forkFolder(id), snapshot.step)
        }
        guard let best else { return [] }
        return runner.forkArguments(.start(folder: best.folder, step: best.step))
    }

    /// The record source `id` left, nil while it has none (not run yet, or failed before writing it).
    static func record(of id: String, in folder: ResultsFolder) -> ForkRecord? {
        FileManager.default.contents(atPath: folder.forkRecord(id)).flatMap { try? ForkRecord.decode(from: $0) }
    }
}
