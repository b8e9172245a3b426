import Foundation
import SweepKit
import Vocabulary

#if canImport(Glibc)
    import Glibc
#endif

/// Handing jobs to Slurm: every pending job whose prerequisites are done, in Slurm, or
/// submitted with it goes at once, as arrays (SlurmArrayPlan); each task's Slurm id is
/// journaled (synced) right after sbatch answers.
extension SlurmExecutor {
    func submitReady() throws(SweepRunError) {
        var set = Set(jobs.indices.filter { jobs[$0].phase == .pending })
        // Queued tasks that require a job that goes again (a retry) wait on its old attempt,
        // which will never succeed: they are cancelled and go again with it, free. A fork
        // source is waited on with `afterany`, which its failed attempt already released: the
        // task may be running by now, and its result is the same from any source, so it is
        // left alone.
        var waitingOnRetry: [Int] = []
        var grew = true
        while grew {
            grew = false
            for (i, attempt) in open where attempt.started == nil && !set.contains(i) {
                if jobs[i].job.requirements.contains(where: { set.contains(indexByID[$0]!) }) {
                    set.insert(i)
                    waitingOnRetry.append(i)
                    grew = true
                }
            }
        }
        // Only jobs whose every prerequisite is done, in Slurm, or in the set (a fork source
        // may also have failed for good or been skipped: the job then trains without it).
        var changed = true
        while changed {
            changed = false
            for i in set {
                let job = jobs[i].job
                let ok = job.prerequisites.allSatisfy {
                    let p = indexByID[$0]!
                    let settledSource = !job.requirements.contains($0) && jobs[p].phase.blocksDependents
                    return jobs[p].phase == .done || open[p] != nil && !waitingOnRetry.contains(p) || set.contains(p)
                        || settledSource
                }
                if !ok {
                    set.remove(i)
                    changed = true
                }
            }
        }
        guard !set.isEmpty else { return }
        if !waitingOnRetry.isEmpty {
            let cancelled = waitingOnRetry.filter { set.contains($0) }
            client.cancel(cancelled.compactMap { open[$0]?.task })
            for i in cancelled {
                guard let attempt = open.removeValue(forKey: i) else { continue }
                let waitedOn = jobs[i].job.requirements.first { set.contains(indexByID[$0]!) } ?? "?"
                try requeue(
                    i, attempt: attempt,
                    reason: JobRecord.requeuedPrefix + "cancelled before it started, to go again with \(waitedOn)")
            }
        }
        let order = set.sorted()
        let arrays = SlurmArrayPlan(
            jobs: order.map { jobs[$0].job },
            forkSources: { ForkBook.sources(of: $0) { self.indexByID[$0].map { self.jobs[$0].job } } },
            standing: { id in
                let p = indexByID[id]!
                if let attempt = open[p] { return .submitted(attempt.task) }
                return set.contains(p) ? .inSet : .done
            })
        try FileManager.default.createDirectoryIfNeeded(slurmFolder)
        let resources = SlurmResources.arguments(for: plan, settings: settings, runner: runner)
        let stamp = Journal.timestamp().filter { $0 != "-" && $0 != ":" } + "-\(getpid())"
        var arrayIDs: [String] = []
        for array in arrays.arrays {
            let entries = array.tasks.map { task in
                SlurmTaskTable.Entry(index: task.index, job: task.job, attempt: jobs[indexByID[task.job]!].attempt + 1)
            }
            // Numbered by the arrays this run has submitted, not by this call's: two calls in one
            // second (a retry right after the first submission) must not share a table, or the
            // later one overwrites what an earlier array's unstarted tasks still have to read.
            let table = "\(slurmFolder)/\(stamp)-\(submissions.count).tasks"
            try AtomicFile.write(Data(SlurmTaskTable(entries: entries).text.utf8), to: table)
            // The comment names the task table: a runner killed between sbatch and the journal
            // finds the array by it (adoptUnjournaledSubmissions) instead of submitting it again.
            var args = [
                "--array=\(array.arraySpec(limit: options.parallel))", "--job-name=\(jobName)",
                "--comment=\(table)", "--output=\(slurmFolder)/%A_%a.out"
            ]
            let dependency = SlurmArrayPlan.dependencyText(array.dependencies, arrayIDs: arrayIDs)
            if let dependency { args.append("--dependency=\(dependency)") }
            args += resources
            args += ["--wrap", "exec " + ShellQuote.line([options.blocksweepPath, "slurm-task", folder.path, table])]
            let id = try client.submit(args)
            if options.crashBeforeJournal { kill(getpid(), SIGKILL) }
            arrayIDs.append(id)
            let now = Date()
            for (k, entry) in entries.enumerated() {
                let i = indexByID[entry.job]!
                // A fork source going (again) leaves a new record and snapshots once done.
                if forks.dependents[i] != nil { forks.forget(i, folder: folder.forkFolder(entry.job)) }
                let task = "\(id)_\(entry.index)"
                jobs[i].attempt = entry.attempt
                jobs[i].attemptsLeft -= 1
                jobs[i].phase = .running
                open[i] = SlurmAttempt(
                    attempt: entry.attempt, task: task, submitted: now, started: nil,
                    device: SlurmAttempt.device(task: task, node: nil))
                // One sync for the array: the last entry's covers the ones before it.
                try journal.append(
                    JournalEntry(
                        time: Journal.timestamp(now), job: entry.job, event: .submitted, attempt: entry.attempt,
                        slurm: task), sync: k == entries.count - 1)
            }
            let line =
                "\(id): \(entries.count.counted("job"))" + (dependency.map { ", \($0)" } ?? "")
            submissions.append(line)
            options.onSubmitted?(line)
            appendSubmissionLog(id: id, arguments: args)
        }
        if options.crashAfterSubmit { kill(getpid(), SIGKILL) }
    }

    /// Every array task of this sweep's job name: Slurm's name for its jobs.
    var jobName: String { "blocksweep-\(plan.name)" }

    /// Arrays a killed runner submitted but did not live to journal (the moment between
    /// sbatch's answer and the journal's sync): found by their comment, one of this folder's
    /// task tables, and journaled now as submitted, so nothing is submitted twice.
    func adoptUnjournaledSubmissions() throws(SweepRunError) {
        let journaled = Set(open.values.map(\.task))
        let tables = client.tasks(named: jobName).filter {
            !journaled.contains($0.key) && $0.value.hasPrefix(slurmFolder + "/") && $0.value.hasSuffix(".tasks")
        }
        guard !tables.isEmpty else { return }
        var read: [String: SlurmTaskTable] = [:]
        for (task, tablePath) in tables.sorted(by: { $0.key < $1.key }) {
            guard let index = Int(task.split(separator: "_").last ?? "") else { continue }
            if read[tablePath] == nil { read[tablePath] = try? SlurmTaskTable.read(tablePath) }
            guard let entry = read[tablePath]?.entry(index: index), let i = indexByID[entry.job],
                jobs[i].phase == .pending, entry.attempt == jobs[i].attempt + 1
            else { continue }
            jobs[i].attempt = entry.attempt
            jobs[i].attemptsLeft -= 1
            jobs[i].phase = .running
            open[i] = SlurmAttempt(
                attempt: entry.attempt, task: task, submitted: Date(), started: nil,
                device: SlurmAttempt.device(task: task, node: nil))
            try journal.append(
                JournalEntry(
                    time: Journal.timestamp(), job: entry.job, event: .submitted, attempt: entry.attempt,
                    reason: "found in Slurm: submitted by a runner that died before journaling it", slurm: task),
                sync: true)
        }
    }

    /// results/<name>/slurm/: task tables, the launchers' own output, submissions.log.
    var slurmFolder: String { folder.path + "/slurm" }

    /// submissions.log: each array's id and its sbatch arguments, for the curious and for tests.
    private func appendSubmissionLog(id: String, arguments: [String]) {
        let line = "\(Journal.timestamp()) \(id) sbatch " + ShellQuote.line(arguments) + "\n"
        guard let handle = FileHandle(forWritingAtPath: slurmFolder + "/submissions.log") else {
            FileManager.default.createFile(atPath: slurmFolder + "/submissions.log", contents: Data(line.utf8))
            return
        }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data(line.utf8))
    }
}
