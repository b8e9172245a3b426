import SweepKit

/// A short human name for a job: "dynamic_suffix seed 1 lr=0.001 dmodel=64".
enum JobLabel {
    static func text(_ job: Job) -> String {
        var parts: [String] = []
        if let schedule = job.schedule { parts.append(schedule.rawValue) }
        parts.append("seed \(job.seed)")
        for name in job.params.keys.sorted() where name != "seed" {
            if let value = job.params[name] { parts.append("\(name)=\(value)") }
        }
        return parts.joined(separator: " ")
    }
}
