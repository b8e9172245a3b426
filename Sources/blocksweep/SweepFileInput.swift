import Foundation
import SweepKit
import Vocabulary

/// The sweep file a command was given, read and expanded: every problem in it becomes one
/// exit-2 error listing all diagnostics (validate, plan and run share this).
enum SweepFileInput {
    static func expand(_ file: String, maxJobs: Int) throws -> (spec: SweepSpec, expansion: Expansion) {
        guard maxJobs >= 1 else { throw CLIError(message: "--max-jobs must be at least 1, got \(maxJobs)") }
        let spec = try SweepSpec.load(path: file)
        try checkMemory(spec, maxJobs: maxJobs)
        return (spec, try Planner.expand(spec, maxJobs: maxJobs))
    }

    /// A raised --max-jobs is refused before planning when a plan that large (as far as the
    /// sweep can reach it) would not fit in the memory left; the default limit always fits.
    private static func checkMemory(_ spec: SweepSpec, maxJobs: Int) throws {
        guard maxJobs > Planner.defaultMaxJobs, let available = AvailableMemory.bytes() else { return }
        let jobs = PlanMemory.jobBound(spec, maxJobs: maxJobs)
        let needed = PlanMemory.bytes(jobs: jobs)
        guard needed > available else { return }
        let fitting = PlanMemory.jobsFitting(available)
        throw CLIError(
            message: "--max-jobs \(maxJobs): the sweep can expand to \(jobs.counted("job")), which would take about "
                + "\(gib(needed)) of memory (\(PlanMemory.bytesPerJob) bytes a job), but only \(gib(available)) is available; "
                + "lower --max-jobs to at most \(max(fitting, Planner.defaultMaxJobs)) or narrow the sweep")
    }

    private static func gib(_ bytes: Int) -> String {
        NumberText.gibibytes(bytes)
    }
}
