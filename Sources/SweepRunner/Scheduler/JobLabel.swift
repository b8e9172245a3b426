import SweepKit

/// A short human name for a job: its schedule, seed and the parameters that vary across the
/// plan ("dynamic_suffix seed 1 dyn_min_active_layers=2"); the shared ones would only hide it.
struct JobLabel {
    private let varying: Set<String>

    init(plan: Plan) {
        var values: [String: Set<String>] = [:]
        for job in plan.jobs {
            for (name, value) in job.params { values[name, default: []].insert(value.description) }
        }
        varying = Set(values.filter { name, set in
            set.count > 1 || plan.jobs.contains { $0.params[name] == nil }
        }.keys)
    }

    func text(_ job: Job) -> String {
        var parts: [String] = []
        if let schedule = job.schedule { parts.append(schedule.rawValue) }
        parts.append("seed \(job.seed)")
        for name in job.params.keys.sorted() where name != "seed" && varying.contains(name) {
            if let value = job.params[name] { parts.append("\(name)=\(value)") }
        }
        return parts.joined(separator: " ")
    }
}
