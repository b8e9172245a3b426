import Foundation
import SweepKit
import Vocabulary

/// Adaptive seeds, in rounds, on either backend (`round` runs a plan with the local executor
/// or through Slurm): runs the plan to its end, judges the results with the report's own
/// verdicts, gives each inconclusive row its next seed (AdaptiveSeedPlanner), and runs again
/// until no row wants one. A row thus waits for all its current seeds before it gets another.
/// Every added job is journaled (`added`) and kept in added-jobs.json before it runs, and
/// plan.json is rewritten with it, so `status`, `report` and a resumed run see the same plan;
/// a resumed run re-derives the same additions from the same results, and ids never repeat.
package struct AdaptiveSeedRounds {
    /// The sweep planned with every seed 1...max: where added jobs come from.
    package var full: Plan
    package var folder: ResultsFolder
    /// Told once per round that adds seeds.
    package var say: (String) -> Void = { _ in }

    package init(full: Plan, folder: ResultsFolder, say: @escaping (String) -> Void = { _ in }) {
        self.full = full
        self.folder = folder
        self.say = say
    }

    /// `plan` with the jobs earlier runs added (added-jobs.json), in the order they were added.
    package func restore(_ plan: Plan) throws(SweepRunError) -> Plan {
        guard let data = FileManager.default.contents(atPath: folder.addedJobsFile) else { return plan }
        let added: [Job]
        do { added = try JSONDecoder().decode([Job].self, from: data) } catch {
            throw .badInput("\(folder.addedJobsFile): not a list of jobs written by blocksweep (\(error))")
        }
        var plan = plan
        let fullByID = Dictionary(full.allJobs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var known = Set(plan.allJobs.map(\.id))
        // The file names the jobs; each is taken from the sweep as planned now, not from the
        // file, whose JSON reads a setting of 2.0 back as the integer 2 (another row key, and
        // another argument). A job the edited sweep no longer reaches stays out, as any job an
        // edit drops.
        for saved in added where known.insert(saved.id).inserted {
            guard var job = fullByID[saved.id] else { continue }
            // Its fork source as the round that added it chose (none where its baseline had
            // already run), so a resumed plan is the plan of a run that never stopped.
            job.forkFrom = saved.forkFrom
            if job.isCalibration { plan.calibrations.append(job) } else { plan.jobs.append(job) }
        }
        return plan
    }

    /// Runs rounds until every row is settled or at max, or a round is interrupted or leaves
    /// jobs unfinished (Slurm's --detach: they are judged when a later run collects them).
    /// A failed job does not stop the rounds: its row is judged on what it has, and a failed
    /// seed is not replaced.
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
            let added = AdaptiveSeedPlanner.addNextSeeds(to: &plan, full: full, report: report, jobID: Self.jobID)
            guard !added.isEmpty else { return (plan, outcome) }
            try record(added)
            let seeds = Set(added.filter { !$0.isCalibration }.map(\.seed)).sorted().map(String.init)
            say(
                "adaptive seeds: \(jobsAndCalibrations(added.filter { !$0.isCalibration }.count, added.filter(\.isCalibration).count)) added (seed \(seeds.joined(separator: ", "))) "
                    + "for configurations whose verdict is not settled")
        }
    }

    /// added-jobs.json first (what a resume rebuilds from), then one `added` entry per job.
    private func record(_ added: [Job]) throws(SweepRunError) {
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
                    reason: "seed \(job.seed) for a configuration whose verdict is not settled"),
                sync: i == added.count - 1)
        }
    }

    /// The job behind a results-folder file: jobs/<id>/result.json.
    static func jobID(_ source: String) -> String? {
        let url = URL(fileURLWithPath: source)
        guard url.lastPathComponent == "result.json" else { return nil }
        let parent = url.deletingLastPathComponent()
        guard parent.deletingLastPathComponent().lastPathComponent == "jobs" else { return nil }
        return parent.lastPathComponent
    }
}
