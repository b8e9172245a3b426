import Foundation

/// One line of a job's progress file (`progress.jsonl` in its folder, docs/benchmark.md,
/// "Progress file"): what one training step did, appended as the step ends, so the executor,
/// `status` and a round policy can follow a run while it goes. A command runner may write the
/// same lines; every field but `step` may be left out.
package struct StepRecord: Sendable, Equatable, Codable {
    /// The file's name in a job's folder.
    package static let fileName = "progress.jsonl"
    /// The variable that gives a job the file's path (set by the executor for every runner).
    package static let environmentVariable = "BLOCKSWEEP_PROGRESS"

    package var step: Int
    package var schedule: String?
    /// The step's kind as a calibration names it (`active_<k>` or `probe`).
    package var kind: String?
    /// Measured time of the step.
    package var ms: Double?
    /// The step's price on the modelled clock, where the run has one.
    package var modelledMs: Double?
    package var loss: Double?
    /// The probe loss the controller learned from, on a probe step.
    package var probeLoss: Double?
    package var activeLayers: Int?
    /// The run's limits: its step cap, and its time budget (on the clock the budget reads).
    package var stepsLimit: Int?
    package var budgetMs: Double?
    /// Time spent so far on the clock the budget reads (modelled where the budget is modelled).
    package var budgetElapsedMs: Double?

    package init(step: Int) { self.step = step }

    enum CodingKeys: String, CodingKey {
        case step, schedule, kind, ms, loss
        case modelledMs = "modelled_ms", probeLoss = "probe_loss", activeLayers = "active_layers"
        case stepsLimit = "steps_limit", budgetMs = "budget_ms", budgetElapsedMs = "budget_elapsed_ms"
    }

    /// One JSON line, keys sorted, non-finite numbers left out (JSON has none).
    package var line: String {
        var fields: [String] = ["\"step\":\(step)"]
        func number(_ key: CodingKeys, _ v: Double?) {
            if let v, v.isFinite { fields.append("\"\(key.rawValue)\":\(v)") }
        }
        if let schedule { fields.append("\"schedule\":\"\(schedule)\"") }
        if let kind { fields.append("\"kind\":\"\(kind)\"") }
        number(.ms, ms)
        number(.modelledMs, modelledMs)
        number(.loss, loss)
        number(.probeLoss, probeLoss)
        if let activeLayers { fields.append("\"active_layers\":\(activeLayers)") }
        if let stepsLimit { fields.append("\"steps_limit\":\(stepsLimit)") }
        number(.budgetMs, budgetMs)
        number(.budgetElapsedMs, budgetElapsedMs)
        return "{" + fields.joined(separator: ",") + "}\n"
    }
}

/// A running job's latest progress: its last complete step record, and its job.
package struct JobProgress: Sendable, Equatable {
    package var job: String
    package var last: StepRecord
    /// Complete records read so far.
    package var records: Int

    package init(job: String, last: StepRecord, records: Int) {
        self.job = job
        self.last = last
        self.records = records
    }

    /// The last complete record of a progress file's text and how many complete records it
    /// holds; nil when none is complete. Only a line ended by a newline is complete: a line
    /// being written is left for the next read.
    package static func latest(in text: Substring) -> (record: StepRecord, count: Int)? {
        guard let end = text.lastIndex(of: "\n") else { return nil }
        let complete = text[..<end]
        let start = complete.lastIndex(of: "\n").map { complete.index(after: $0) } ?? complete.startIndex
        guard let record = try? JSONDecoder().decode(StepRecord.self, from: Data(complete[start...].utf8)) else {
            return nil
        }
        return (record, complete.reduce(1) { $1 == "\n" ? $0 + 1 : $0 })
    }
}
