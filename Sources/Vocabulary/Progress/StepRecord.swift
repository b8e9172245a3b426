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
    /// Time spent so far, measured and (where the run has a calibration) modelled.
    package var elapsedMs: Double?
    package var modelledElapsedMs: Double?
    /// The run's limits: its step cap, and its equal-time budget with the clock it reads
    /// (`wall` or `modelled`).
    package var stepsLimit: Int?
    package var budgetMs: Double?
    package var budgetClock: String?

    package init(step: Int) { self.step = step }

    enum CodingKeys: String, CodingKey {
        case step, schedule, kind, ms, loss
        case modelledMs = "modelled_ms", probeLoss = "probe_loss", activeLayers = "active_layers"
        case elapsedMs = "elapsed_ms", modelledElapsedMs = "modelled_elapsed_ms"
        case stepsLimit = "steps_limit", budgetMs = "budget_ms", budgetClock = "budget_clock"
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
        number(.elapsedMs, elapsedMs)
        number(.modelledElapsedMs, modelledElapsedMs)
        if let stepsLimit { fields.append("\"steps_limit\":\(stepsLimit)") }
        number(.budgetMs, budgetMs)
        if let budgetClock { fields.append("\"budget_clock\":\"\(budgetClock)\"") }
        return "{" + fields.joined(separator: ",") + "}\n"
    }
}

/// A running job's latest progress: its last complete step record.
package struct JobProgress: Sendable, Equatable {
    package var job: String
    package var last: StepRecord

    package init(job: String, last: StepRecord) {
        self.job = job
        self.last = last
    }

    /// The last complete record in the end of a progress file, nil when none is complete. Only
    /// a line ended by a newline is complete: a line being written is left for the next read.
    package static func lastRecord(in text: Substring) -> StepRecord? {
        guard let end = text.lastIndex(of: "\n") else { return nil }
        let complete = text[..<end]
        let start = complete.lastIndex(of: "\n").map { complete.index(after: $0) } ?? complete.startIndex
        return try? JSONDecoder().decode(StepRecord.self, from: Data(complete[start...].utf8))
    }

    /// "step 42/200 · loss 2.8312 · modelled 1.2s of 3.4s budget": what `status` and the live
    /// lines show of a running job.
    /// The file is the job's to write: a value no run can have shows as `?`, never traps.
    package var text: String {
        let done = last.step >= 0 && last.step < Int.max ? String(last.step + 1) : "?"
        let limit = last.stepsLimit.map { $0 > 0 ? "/\($0)" : "/?" } ?? ""
        var parts = ["step \(done)\(limit)"]
        if let loss = last.loss {
            parts.append("loss " + (abs(loss) < 1e6 ? NumberText.fixed(loss, 4) : NumberText.significant(loss, 4)))
        }
        let modelled = last.budgetClock == "modelled" || (last.budgetClock == nil && last.modelledElapsedMs != nil)
        if let spent = modelled ? last.modelledElapsedMs : last.elapsedMs {
            var time = (modelled ? "modelled " : "") + Self.seconds(spent)
            if let budget = last.budgetMs { time += " of \(Self.seconds(budget)) budget" }
            parts.append(time)
        }
        return parts.joined(separator: " · ")
    }

    /// A century of milliseconds: more than any run lasts, and far inside what Int can hold.
    private static let longestMs = 100 * 365.25 * 86_400_000.0

    private static func seconds(_ ms: Double) -> String {
        guard ms.isFinite, ms >= 0, ms < longestMs else { return "?" }
        return ms < 60_000 ? NumberText.fixed(ms / 1000, 1) + "s" : NumberText.duration(ms / 1000)
    }
}
