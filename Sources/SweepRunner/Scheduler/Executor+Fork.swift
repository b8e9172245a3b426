import Foundation
import SweepKit
import Vocabulary

/// Prefix forking in the executor (docs/benchmark.md, "Prefix forking"): a baseline with fork
/// dependents still to run is told who they are; a dependent whose baseline left it a snapshot
/// starts from it (else it trains from step 0, with the same result); snapshots go once no
/// job that forks from them can still run.
extension Executor {
    /// The fork flags of job `i`'s attempt about to start (ForkLaunch, as the Slurm launcher).
    func forkArguments(for i: Int) throws(SweepRunError) -> [String] {
        let job = jobs[i].job
        var argv: [String] = []
        let waiting = (forks.dependents[i] ?? []).filter { jobs[$0].phase == .pending }
        if !waiting.isEmpty {
            forks.forget(i, folder: folder.forkFolder(job.id))
            argv += try ForkLaunch.recordArguments(
                source: job, dependents: waiting.map { jobs[$0].job }, folder: folder, runner: runner)
        }
        let sources = ForkBook.sources(of: i, jobs: jobs, indexByID: indexByID).map { jobs[$0].job.id }
        return argv + ForkLaunch.startArguments(for: job, sources: sources, folder: folder, runner: runner)
    }

    /// Counts the snapshots of sources just done and deletes those no job can still need.
    func updateForks() {
        forks.update(jobs: jobs, indexByID: indexByID, folder: folder)
    }
}
