import SweepKit
import Vocabulary

/// A short human name for a job: its schedule, seed and the parameters that vary across the
/// plan ("dynamic_suffix seed 1 dyn_min_active_layers=2 dyn_relevance_threshold=0.9"); the
/// shared ones would only hide it. A varying setting at the benchmark's default is left out of
/// the job's params (its id does not read it) but shown with its value, so that two jobs of
/// one point never read alike.
struct JobLabel {
    /// Per schedule (or "" for a command runner's jobs): the settings that vary among its jobs.
    private let varying: [String: [String]]
    /// Builtin and torch runners: a setting a job leaves out is at the benchmark's default.
    private let defaults: BenchConfig?

    init(plan: Plan) {
        // Compared within a schedule: a setting only static_suffix jobs carry is not "varying".
        var varying: [String: [String]] = [:]
        for (schedule, group) in Dictionary(grouping: plan.jobs, by: Self.group) {
            var values: [String: Set<String>] = [:]
            for job in group {
                for (name, value) in job.params { values[name, default: []].insert(value.description) }
            }
            varying[schedule] = values.filter { name, set in
                name != "seed" && (set.count > 1 || group.contains(where: { $0.params[name] == nil }))
            }.keys.sorted()
        }
        self.varying = varying
        if case .command = plan.runner { defaults = nil } else { defaults = BenchConfig() }
    }

    private static func group(_ job: Job) -> String { job.schedule?.rawValue ?? "" }

    func text(_ job: Job) -> String {
        // A calibration's seed does not matter; its model shape does.
        if job.isCalibration {
            let shape = job.params.keys.sorted().map { "\($0)=\(Self.oneLine(job.params[$0]!.description))" }
            return (["calibration"] + shape).joined(separator: " ")
        }
        var parts: [String] = []
        if let schedule = job.schedule { parts.append(schedule.rawValue) }
        parts.append("seed \(job.seed)")
        for name in varying[Self.group(job)] ?? [] {
            if let value = job.params[name] ?? defaultValue(name, for: job) {
                parts.append("\(name)=\(Self.oneLine(value.description))")
            }
        }
        return parts.joined(separator: " ")
    }

    /// The benchmark's default of a setting the job's schedule reads (nil for a command runner,
    /// whose parameters have no default, or a setting the schedule does not read).
    private func defaultValue(_ name: String, for job: Job) -> ParameterValue? {
        guard let defaults, let parameter = BenchParameter.named(name), let schedule = job.schedule,
            parameter.schedules.contains(schedule)
        else { return nil }
        return parameter.value(in: defaults)
    }

    /// Control characters written as escapes: a label is one line of progress or status output.
    static func oneLine(_ text: String) -> String { text.escapingControlCharacters }
}
