/// How much memory a plan of a given size needs, so that a raised `--max-jobs` is refused up
/// front instead of swapping the machine to a halt (10^7 jobs took 8.7 GiB).
package enum PlanMemory {
    /// Peak bytes per planned job, measured on this project's machines with /usr/bin/time -v
    /// (differences between 100,000 and 500,000 command-runner or dynamic_suffix jobs): `run`
    /// 1.57 KB up to its first job (expansion, plan.json, the scheduler's state), `plan --format
    /// json` 1.52 KB, `validate` 0.45 KB. One figure for all, the largest rounded up: a sweep
    /// that validates must also run.
    package static let bytesPerJob = 1_600
    /// The process itself (runtime, YAML, buffers) before any job.
    package static let baseBytes = 64 << 20

    /// The most jobs `spec` can plan within `maxJobs`, counted before expanding it: points ×
    /// seeds × jobs per point (a job per schedule, plus a full_update baseline the schedules
    /// may leave out; one for a command runner). `where` may keep fewer.
    package static func jobBound(_ spec: SweepSpec, maxJobs: Int) -> Int {
        let perPoint: Int
        if case .command = spec.runner { perPoint = 1 } else { perPoint = spec.schedules.count + 1 }
        let (withSeeds, o1) = spec.pointCount.multipliedReportingOverflow(by: spec.seeds.count)
        let (runs, o2) = withSeeds.multipliedReportingOverflow(by: perPoint)
        return o1 || o2 ? maxJobs : min(maxJobs, runs)
    }

    /// Bytes a plan of `jobs` jobs needs.
    package static func bytes(jobs: Int) -> Int {
        let (b, overflow) = jobs.multipliedReportingOverflow(by: bytesPerJob)
        return overflow ? .max : b + baseBytes
    }

    /// The most jobs that fit in `available` bytes.
    package static func jobsFitting(_ available: Int) -> Int {
        max(0, (available - baseBytes) / bytesPerJob)
    }
}
