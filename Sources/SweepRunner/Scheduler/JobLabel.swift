import SweepKit

/// A short human name for a job: its schedule, seed and the parameters that vary across the
/// plan ("dynamic_suffix seed 1 dyn_min_active_layers=2"); the shared ones would only hide it.
struct JobLabel {
    private let varying: Set<String>

    init(plan: Plan) {
        // Compared within a schedule: a setting only static_suffix jobs carry is not "varying".
        var varying = Set<String>()
        for group in Dictionary(grouping: plan.jobs, by: { $0.schedule?.rawValue ?? "" }).values {
            var values: [String: Set<String>] = [:]
            for job in group {
                for (name, value) in job.params { values[name, default: []].insert(value.description) }
            }
            for (name, set) in values where set.count > 1 || group.contains(where: { $0.params[name] == nil }) {
                varying.insert(name)
            }
        }
        self.varying = varying
    }

    func text(_ job: Job) -> String {
        // A calibration's seed does not matter; its model shape does.
        if job.isCalibration {
            let shape = job.params.keys.sorted().map { "\($0)=\(Self.oneLine(job.params[$0]!.description))" }
            return (["calibration"] + shape).joined(separator: " ")
        }
        var parts: [String] = []
        if let schedule = job.schedule { parts.append(schedule.rawValue) }
        parts.append("seed \(job.seed)")
        for name in job.params.keys.sorted() where name != "seed" && varying.contains(name) {
            if let value = job.params[name] { parts.append("\(name)=\(Self.oneLine(value.description))") }
        }
        return parts.joined(separator: " ")
    }

    /// Control characters written as escapes: a label is one line of progress or status output.
    static func oneLine(_ text: String) -> String { text.escapingControlCharacters }
}
