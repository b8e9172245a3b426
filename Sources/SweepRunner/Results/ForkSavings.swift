import Foundation
import SweepKit
import Vocabulary

/// What prefix forking saved a sweep, from its results: the modelled time of the steps forked
/// jobs took from their sources (baselines or siblings), over the modelled time of every job's steps (the compute
/// the sweep would have taken without forking; calibrations left out).
package struct ForkSavings: Sendable, Equatable {
    package var savedMs = 0.0
    package var totalMs = 0.0
    package var forkedJobs = 0

    package var share: Double { totalMs > 0 ? savedMs / totalMs : 0 }

    /// Nil when no job of the plan may fork or no result carries modelled times.
    package static func measure(plan: Plan, folder: ResultsFolder) -> ForkSavings? {
        guard plan.jobs.contains(where: { $0.forkFrom != nil }) else { return nil }
        var s = ForkSavings()
        for job in plan.jobs {
            guard let schedule = job.schedule,
                let data = FileManager.default.contents(atPath: folder.result(job.id)),
                let report = try? BenchReport.decode(from: data), let row = report.result(for: schedule),
                let modelled = row.modelledElapsedMs
            else { continue }
            s.totalMs += modelled
            if let origin = row.forkedFrom, let steps = report.traces[schedule]?.modelledStepMs {
                s.savedMs += steps.prefix(origin.step).reduce(0, +)
                s.forkedJobs += 1
            }
        }
        return s.totalMs > 0 ? s : nil
    }

    /// The line `run` ends with. The saving is the sweep's as a whole, the peak this run's,
    /// left out when it saw no snapshot. A run that computed no job (a rerun that only rewrote
    /// the report, or one collecting a detached Slurm sweep that `status` had collected) says
    /// so and gives no peak: its snapshots were an earlier run's ("peaked at 0.0 MiB" misled).
    package func line(after outcome: RunOutcome) -> String {
        guard outcome.doneThisRun > 0 else {
            return "compute saved by forking: \(NumberText.fixed(share * 100, 1))% over the sweep's results "
                + "(\(forkedJobs) forked job\(forkedJobs == 1 ? "" : "s") took \(Self.seconds(savedMs)) "
                + "of \(Self.seconds(totalMs)) modelled step time from their sources; this run ran no job)"
        }
        return text(peakBytes: outcome.forkSnapshotPeakBytes.flatMap { $0 > 0 ? $0 : nil })
    }

    /// Whole seconds and minutes as `duration` writes them, but a small sweep's total in
    /// hundredths, so it does not read "0s of 0s".
    static func seconds(_ ms: Double) -> String {
        ms < 10_000 ? "\(NumberText.fixed(ms / 1000, 2))s" : NumberText.duration(ms / 1000)
    }

    /// "compute saved by forking: 24.3% (…)".
    package func text(peakBytes: Int?) -> String {
        var out =
            "compute saved by forking: \(NumberText.fixed(share * 100, 1))% "
            + "(\(forkedJobs) forked job\(forkedJobs == 1 ? "" : "s") took \(Self.seconds(savedMs)) "
            + "of \(Self.seconds(totalMs)) modelled step time from their sources"
        if let peakBytes { out += "; snapshots peaked at \(NumberText.mebibytes(peakBytes)) on disk" }
        return out + ")"
    }
}
