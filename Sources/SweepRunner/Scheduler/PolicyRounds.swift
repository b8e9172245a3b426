import Foundation
import SweepKit
import Vocabulary

/// A sweep's rounds under its round policy (SweepKit's `RoundPolicy`), on either backend
/// (`round` runs a plan with the local executor or through Slurm): runs the plan to its end,
/// judges the results with the report's own verdicts, asks the policy for the next round, and
/// runs again until it says the sweep is finished. Every added job is kept in added-jobs.json
/// and journaled (`added`, with the policy's reason) before it runs, and plan.json is rewritten
/// with it, so `status`, `report` and a resumed run see the same plan; a resumed run re-derives
/// the same additions from the same results, and ids never repeat.
package struct PolicyRounds {
    package var policy: any RoundPolicy
    package var folder: ResultsFolder
    /// Told once per round that adds jobs: the policy's summary.
    package var say: (String) -> Void = { _ in }

    package init(policy: any RoundPolicy, folder: ResultsFolder, say: @escaping (String) -> Void = { _ in }) {
        self.policy = policy
        self.folder = folder
        self.say = say
    }

    /// `plan` with the jobs earlier runs added (added-jobs.json), in the order they were added,
    /// each as the policy restores it (a job the edited sweep no longer reaches stays out).
    package func restore(_ plan: Plan) throws(SweepRunError) -> Plan {
        guard let data = FileManager.default.contents(atPath: folder.addedJobsFile) else { return plan }
        let added: [Job]
        do { added = try JSONDecoder().decode([Job].self, from: data) } catch {
            throw .badInput("\(folder.addedJobsFile): not a list of jobs written by blocksweep (\(error))")
        }
        var plan = plan
        var known = Set(plan.allJobs.map(\.id))
        for saved in added where known.insert(saved.id).inserted {
            guard let job = policy.restore(saved) else { continue }
            if job.isCalibration { plan.calibrations.append(job) } else { plan.jobs.append(job) }
        }
        return plan
    }

    /// Runs rounds until the policy is finished, or a round is interrupted or leaves jobs
    /// unfinished (Slurm's --detach: they are judged when a later run collects them). A failed
    /// job does not stop the rounds: the policy sees its row judged on what it has.
    package func run(
        _ start: Plan, round: (Plan) throws(SweepRunError) -> RunOutcome
    ) throws -> (plan: Plan, outcome: RunOutcome) {
        var plan = try restore(start)
        // The snapshots' peak over the whole run, not the last round's alone; so is the count of
        // the jobs it ran.
        var peak: Int? = nil
        var doneThisRun = 0
        while true {
            var outcome = try round(plan)
            if let bytes = outcome.forkSnapshotPeakBytes { peak = max(peak ?? 0, bytes) }
            outcome.forkSnapshotPeakBytes = peak
            doneThisRun += outcome.doneThisRun
            outcome.doneThisRun = doneThisRun
            if outcome.interrupted || outcome.notRun > 0 { return (plan, outcome) }
            let (report, _) = try ReportWriter.build(paths: [folder.path], rules: plan.rules)
            let state = JudgedSweep(plan: plan, report: report, jobID: Self.jobID)
            guard case .run(let added, let reasons, let summary) = policy.nextRound(after: state), !added.isEmpty
            else { return (plan, outcome) }
            let known = Set(plan.allJobs.map(\.id))
            let new = added.filter { !known.contains($0.id) }
            guard !new.isEmpty else { return (plan, outcome) }
            plan.calibrations += new.filter(\.isCalibration)
            plan.jobs += new.filter { !$0.isCalibration }
            try record(new, reasons: reasons)
            say(summary)
        }
    }

    /// added-jobs.json first (what a resume rebuilds from), then one `added` entry per job.
    private func record(_ added: [Job], reasons: [String: String]) throws(SweepRunError) {
        var all: [Job] = []
        if let data = FileManager.default.contents(atPath: folder.addedJobsFile),
            let earlier = try? JSONDecoder().decode([Job].self, from: data)
        {
            all = earlier
        }
        let known = Set(all.map(\.id))
        all += added.filter { !known.contains($0.id) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do { data = try encoder.encode(all) } catch { throw .system("cannot encode the added jobs: \(error)") }
        try AtomicFile.write(data, to: folder.addedJobsFile)
        let journal = try Journal(path: folder.journal)
        for (i, job) in added.enumerated() {
            try journal.append(
                JournalEntry(
                    time: Journal.timestamp(), job: job.id, event: .added, attempt: 0,
                    reason: reasons[job.id] ?? "added by the sweep's round policy"),
                sync: i == added.count - 1)
        }
    }

    /// The job behind a results-folder file: jobs/<id>/result.json.
    package static func jobID(_ source: String) -> String? {
        let url = URL(fileURLWithPath: source)
        guard url.lastPathComponent == "result.json" else { return nil }
        let parent = url.deletingLastPathComponent()
        guard parent.deletingLastPathComponent().lastPathComponent == "jobs" else { return nil }
        return parent.lastPathComponent
    }
}
