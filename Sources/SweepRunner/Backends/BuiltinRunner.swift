import SweepKit
import Vocabulary

/// `blocksweep bench` as a child process: one schedule, one seed, the job's settings as flags,
/// `--threads` as many as the slot's cores.
package struct BuiltinRunner: JobRunner {
    /// The running blocksweep binary (resolved from /proc/self/exe by the command).
    package var blocksweepPath: String
    /// The sweep's `execution.equal_time_clock`, passed to every job that has a calibration.
    package var equalTimeClock: EqualTimeClock
    /// The sweep's `execution.calibration_cap`; nil leaves calibrate's default cap.
    package var calibrationCapSeconds: Double?

    package init(blocksweepPath: String, equalTimeClock: EqualTimeClock = .wall, calibrationCapSeconds: Double? = nil) {
        self.blocksweepPath = blocksweepPath
        self.equalTimeClock = equalTimeClock
        self.calibrationCapSeconds = calibrationCapSeconds
    }

    package var slotKinds: [Slot.Kind] { [.cpu] }

    package func check(_ plan: Plan) throws(SweepRunError) {
        for job in plan.calibrations {
            for name in job.params.keys where BenchParameter.named(name) == nil {
                throw .badInput("calibration \(job.id): '\(name)' is not a benchmark setting")
            }
        }
        for job in plan.jobs {
            guard job.schedule != nil else { throw .badInput("job \(job.id): the builtin runner needs a schedule") }
            for name in job.params.keys where name != "seed" && BenchParameter.named(name) == nil {
                throw .badInput("job \(job.id): '\(name)' is not a benchmark setting")
            }
        }
    }

    package func arguments(
        for job: Job, slot: Slot, resultPath: String, baselineResults: [String],
        calibrationResult: String?
    ) -> [String] {
        if job.isCalibration { return calibrationArguments(for: job, slot: slot, resultPath: resultPath) }
        var argv = [
            blocksweepPath, "bench", "--schedules", (job.schedule ?? .baseline).rawValue, "--seed", String(job.seed)
        ]
        argv += settingFlags(job)
        argv += ["--threads", String(max(1, slot.cores.count)), "--json-out", resultPath]
        if let baseline = baselineResults.first { argv += ["--baseline-json", baseline] }
        if let calibrationResult {
            argv += ["--calibration", calibrationResult, "--equal-time-clock", equalTimeClock.rawValue]
        }
        return argv
    }

    /// Each other CPU slot's cores as one neighbour: a builtin calibration then prices steps as
    /// they run with a job on every slot (CalibrationNeighbours).
    package func calibrationNeighbourArguments(_ others: [Slot]) -> [String] {
        others.filter { $0.kind == .cpu && !$0.cores.isEmpty }.flatMap {
            ["--neighbour-cores", $0.cores.map(String.init).joined(separator: ",")]
        }
    }

    /// `blocksweep calibrate` for the job's model shape on all of the slot's cores.
    private func calibrationArguments(for job: Job, slot: Slot, resultPath: String) -> [String] {
        var argv = [blocksweepPath, "calibrate", "--seed", String(job.seed)] + settingFlags(job)
        argv += ["--threads", String(max(1, slot.cores.count))]
        if let cap = calibrationCapSeconds { argv += ["--cap-seconds", NumberText.shortest(cap)] }
        if let kinds = job.stepKinds { argv += ["--kinds", kinds.joined(separator: ",")] }
        return argv + ["--json-out", resultPath]
    }

    /// The job's settings as bench flags, in name order.
    private func settingFlags(_ job: Job) -> [String] {
        var argv: [String] = []
        for name in job.params.keys.sorted() where name != "seed" {
            guard let parameter = BenchParameter.named(name), let value = job.params[name] else { continue }
            if case .bool(let on) = value {
                if on { argv.append(parameter.flag) }
            } else {
                argv += [parameter.flag, value.description]
            }
        }
        return argv
    }

    package func forkArguments(_ request: ForkRequest) -> [String] {
        switch request {
        case .record(let folder): return ["--fork-dir", folder]
        case .start(let folder, let step): return ["--fork-from", folder, "--fork-step", String(step)]
        }
    }

    package func mismatch(in report: BenchReportHeader, for job: Job) -> String? {
        guard let schedule = job.schedule, report.results.contains(where: { $0.schedule == schedule }) else {
            return "result holds no \(job.schedule?.rawValue ?? "schedule") row"
        }
        // A result from before the sweep had a calibration lacks the modelled figures the
        // report and the modelled budget read: it runs again.
        if job.calibration != nil, report.results.first(where: { $0.schedule == schedule })?.modelledElapsedMs == nil {
            return "result holds no modelled step times (run without --calibration)"
        }
        return nil
    }
}
