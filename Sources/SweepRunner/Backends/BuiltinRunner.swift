import Vocabulary
import SweepKit

/// `blocksweep bench` as a child process: one schedule, one seed, the job's settings as flags,
/// `--threads` as many as the slot's cores.
package struct BuiltinRunner: JobRunner {
    /// The running blocksweep binary (resolved from /proc/self/exe by the command).
    package var blocksweepPath: String

    package init(blocksweepPath: String) {
        self.blocksweepPath = blocksweepPath
    }

    package var slotKinds: [Slot.Kind] { [.cpu] }

    package func check(_ plan: Plan) throws(SweepRunError) {
        for job in plan.jobs {
            guard job.schedule != nil else { throw .badInput("job \(job.id): the builtin runner needs a schedule") }
            for name in job.params.keys where name != "seed" && BenchParameter.named(name) == nil {
                throw .badInput("job \(job.id): '\(name)' is not a benchmark setting")
            }
        }
    }

    package func arguments(for job: Job, slot: Slot, resultPath: String, baselineResults: [String]) -> [String] {
        var argv = [blocksweepPath, "bench", "--schedules", (job.schedule ?? .fullUpdate).rawValue, "--seed", String(job.seed)]
        for name in job.params.keys.sorted() where name != "seed" {
            guard let parameter = BenchParameter.named(name), let value = job.params[name] else { continue }
            if case .bool(let on) = value {
                if on { argv.append(parameter.flag) }
            } else {
                argv += [parameter.flag, value.description]
            }
        }
        argv += ["--threads", String(max(1, slot.cores.count)), "--json-out", resultPath]
        if let baseline = baselineResults.first { argv += ["--baseline-json", baseline] }
        return argv
    }

    package func mismatch(in report: BenchReportHeader, for job: Job) -> String? {
        guard let schedule = job.schedule, report.results.contains(where: { $0.schedule == schedule }) else {
            return "result holds no \(job.schedule?.rawValue ?? "schedule") row"
        }
        return nil
    }
}
