import Foundation
import SweepKit
import Vocabulary

/// Reads results folders (results/<name>/ with plan.json, journal.jsonl and jobs/*/result.json),
/// folders of loose result files, and result JSON files (ours and the reference benchmark's).
package enum ResultsLoader {
    package static func load(_ paths: [String]) throws -> LoadedResults {
        var files: [(path: String, jobID: String?)] = []
        var unfinished: [UnfinishedJob] = []
        var titles: [String] = []
        var plans: [Plan] = []
        var plainRuns: [PlainRun] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                throw ReportInputError(path: path, message: "no such file or folder")
            }
            if !isDir.boolValue {
                files.append((path, nil))
                titles.append((path as NSString).lastPathComponent)
                continue
            }
            let isResults = fm.fileExists(atPath: join(path, "plan.json")) || fm.fileExists(atPath: join(path, "jobs"))
            if isResults {
                let folder = try readResultsFolder(path)
                files += folder.files
                unfinished += folder.unfinished
                plainRuns += folder.plainRuns
                if let plan = folder.plan { plans.append(plan) }
                titles.append(folder.plan?.name ?? (standardized(path) as NSString).lastPathComponent)
            } else {
                let entries = (try? fm.contentsOfDirectory(atPath: path)) ?? []
                let json = entries.filter { $0.hasSuffix(".json") && $0 != "report.json" && $0 != "plan.json" }.sorted()
                guard !json.isEmpty else {
                    throw ReportInputError(
                        path: path,
                        message: "neither a results folder (no plan.json or jobs/) nor a folder of result JSON files")
                }
                files += json.map { (join(path, $0), nil) }
                titles.append((standardized(path) as NSString).lastPathComponent)
            }
        }

        let decoded = decodeAll(files.map(\.path))
        var runs: [RunRecord] = []
        var metrics: [MetricsRun] = []
        runs.reserveCapacity(files.count * 3)
        var read = 0
        // A job's own parameters, from its plan: what it ran with beyond what its file records.
        var jobsByID: [String: (job: Job, command: Bool)] = [:]
        for plan in plans {
            let command = if case .command = plan.runner { true } else { false }
            for job in plan.jobs { jobsByID[job.id] = (job, command) }
        }
        for (i, outcome) in decoded.enumerated() {
            let job = files[i].jobID.flatMap { jobsByID[$0] }
            switch outcome {
            case .success(.benchmark(let header)):
                read += 1
                runs += RunRecord.records(
                    of: header, source: files[i].path, fileIndex: i,
                    params: job?.command == true ? job!.job.params : [:])
            case .success(.metrics(let values)):
                read += 1
                metrics.append(
                    MetricsRun(source: files[i].path, params: job?.job.params, seed: job?.job.seed, values: values))
            case .failure(let message):
                // A loose file named on the command line is the user's input: refuse it. A job's
                // broken result is the sweep's outcome: report it.
                guard let id = files[i].jobID else { throw ReportInputError(path: files[i].path, message: message) }
                let job = job?.job
                unfinished.append(
                    UnfinishedJob(
                        id: id, schedule: job?.schedule, seed: job?.seed, params: job?.params ?? [:],
                        state: .unreadable, attempts: 0, reason: "result.json: \(message)"))
            }
        }
        let title = titles.count <= 3 ? titles.joined(separator: ", ") : "\(titles[0]) and \(titles.count - 1) more"
        var input = ReportInput(
            title: title, runs: runs, unfinished: unfinished, fileCount: read,
            runner: plans.count == 1 ? plans[0].runner : nil,
            description: plans.count == 1 ? plans[0].description : nil,
            metrics: metrics, plainRuns: plainRuns, settings: plans.first?.report)
        input.adaptiveSeeds = plans.count == 1 ? plans[0].adaptiveSeeds : nil
        input.calibrations = calibrationNotes(paths: paths, plans: plans, pricing: Set(runs.compactMap(\.pricedBy)))
        return LoadedResults(
            input: input, rules: plans.first?.rules,
            execution: plans.count == 1 ? plans[0].execution : nil)
    }

    /// The calibrations in the results folders among `paths` that priced some run (its digest,
    /// or its file name in results from before digests, is a run's `pricedBy`), each judged over
    /// the kinds its jobs take where a plan names it.
    static func calibrationNotes(paths: [String], plans: [Plan], pricing: Set<String>) -> [CalibrationNote] {
        guard !pricing.isEmpty else { return [] }
        var notes: [CalibrationNote] = []
        for path in paths {
            let folder = ResultsFolder(path: path)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.calibrationFolder)) ?? []
            for name in names.sorted()
            where name.hasPrefix(Job.calibrationPrefix + "-") && !name.contains(".unreadable") {
                let file = join(folder.calibrationFolder, name)
                guard let data = FileManager.default.contents(atPath: file),
                    pricing.contains(CalibrationFormat.digest(of: data)) || pricing.contains(name),
                    case .success(let summary) = CalibrationSummary.read(file)
                else { continue }
                let id = String(name.dropLast(".json".count))
                let plan = plans.first { $0.calibrations.contains { $0.id == id } }
                notes.append(
                    summary.note(id: id, kinds: plan.map { CalibrationPlanner.kindsTaken(in: $0, calibration: id) }))
            }
        }
        return notes
    }

    // MARK: Results folders

    struct Folder {
        var plan: Plan?
        var files: [(path: String, jobID: String?)]
        var unfinished: [UnfinishedJob]
        /// Every job of a command that writes no result file.
        var plainRuns: [PlainRun] = []
    }

    static func readResultsFolder(_ dir: String) throws -> Folder {
        let fm = FileManager.default
        var plan: Plan?
        let planPath = join(dir, "plan.json")
        if let data = fm.contents(atPath: planPath) {
            do { plan = try JSONDecoder().decode(Plan.self, from: data) } catch {
                throw ReportInputError(path: planPath, message: "not a blocksweep plan: \(describe(error))")
            }
        }
        let records = JournalReplay.read(ResultsFolder(path: dir)).records
        let jobsDir = join(dir, "jobs")
        var files: [(path: String, jobID: String?)] = []
        var unfinished: [UnfinishedJob] = []
        var plainRuns: [PlainRun] = []
        if let plan {
            // The same reading `run` and `status` make of each job.
            let standings = JobStanding.all(plan: plan, folder: ResultsFolder(path: dir), records: records)
            let writesResult = plan.runner.writesResult
            for (job, standing) in zip(plan.jobs, standings) {
                let result = join(jobsDir, job.id, "result.json")
                if !writesResult {
                    plainRuns.append(plainRun(job, standing: standing, record: records[job.id]))
                }
                let state: UnfinishedJob.State
                let reason: String
                switch standing {
                case .done:
                    // A command without `{result}` leaves no file: done on exit 0, nothing to read.
                    if writesResult { files.append((result, job.id)) }
                    continue
                case .failed(let why): (state, reason) = (.failed, why)
                case .skipped(let why): (state, reason) = (.skipped, why)
                case .stoppedEarly(let why): (state, reason) = (.stoppedEarly, why)
                case .lostResult(let problem):
                    (state, reason) = (
                        fm.fileExists(atPath: result) ? .unreadable : .pending,
                        "result.json \(problem); the next `blocksweep run` runs it again"
                    )
                case .running: (state, reason) = (.pending, "started, no result yet")
                case .pending:
                    if writesResult, fm.fileExists(atPath: result), let problem = JobStanding.resultProblem(at: result)
                    {
                        (state, reason) = (
                            .unreadable, "result.json \(problem); the next `blocksweep run` runs it again"
                        )
                    } else {
                        let last = records[job.id]?.lastReason
                        (state, reason) = (
                            .pending,
                            records[job.id]?.lastEvent == nil
                                ? "not started"
                                : "to run again" + (last.map { " (last attempt: \($0))" } ?? "")
                        )
                    }
                }
                unfinished.append(
                    UnfinishedJob(
                        id: job.id, schedule: job.schedule, seed: job.seed, params: job.params,
                        state: state, attempts: records[job.id]?.attempts ?? 0, reason: reason))
            }
        } else {
            let ids = ((try? fm.contentsOfDirectory(atPath: jobsDir)) ?? []).sorted()
            for id in ids where fm.fileExists(atPath: join(jobsDir, id, "result.json")) {
                files.append((join(jobsDir, id, "result.json"), id))
            }
            for (id, record) in records.sorted(by: { $0.key < $1.key }) {
                let standing = JobStanding.of(record, resultPath: join(jobsDir, id, "result.json"), writesResult: true)
                let (state, reason): (UnfinishedJob.State, String)
                switch standing {
                case .failed(let why): (state, reason) = (.failed, why)
                case .skipped(let why): (state, reason) = (.skipped, why)
                case .stoppedEarly(let why): (state, reason) = (.stoppedEarly, why)
                default: continue
                }
                guard !files.contains(where: { $0.jobID == id }) else { continue }
                unfinished.append(
                    UnfinishedJob(
                        id: id, schedule: nil, seed: nil, state: state,
                        attempts: record.attempts, reason: reason))
            }
        }
        return Folder(plan: plan, files: files, unfinished: unfinished, plainRuns: plainRuns)
    }

    /// A job of a command without `{result}`: its state (as `run` and `status` read it) and how
    /// long its last attempt took (started → done or failed).
    static func plainRun(_ job: Job, standing: JobStanding, record: JobRecord?) -> PlainRun {
        let state: String
        switch standing {
        case .done: state = "done"
        case .failed: state = "failed"
        case .skipped: state = "skipped"
        case .stoppedEarly: state = "stopped early"
        case .running: state = "running"
        case .pending, .lostResult: state = "pending"
        }
        var seconds: Double?
        if let record, record.lastEvent == .done || record.lastEvent == .failed, let started = record.lastStarted,
            let last = record.lastTime, let from = Journal.date(from: started), let to = Journal.date(from: last)
        {
            seconds = max(0, to.timeIntervalSince(from))
        }
        return PlainRun(id: job.id, params: job.params, seed: job.seed, state: state, seconds: seconds)
    }

    // MARK: Decoding, on every core

    enum Outcome: Sendable {
        case success(ResultContent)
        case failure(String)
    }

    /// Decodes every file (headers only: traces are skipped) on all cores.
    static func decodeAll(_ paths: [String]) -> [Outcome] {
        final class Slots: @unchecked Sendable {
            // Each index is written by exactly one iteration; read after all have finished.
            var items: [Outcome]
            init(_ n: Int) { items = Array(repeating: .failure(""), count: n) }
        }
        let slots = Slots(paths.count)
        let chunk = 16
        let chunks = (paths.count + chunk - 1) / chunk
        slots.items.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let decoder = JSONDecoder()
                for i in (c * chunk)..<min(paths.count, (c + 1) * chunk) {
                    out[i] = decodeOne(paths[i], decoder)
                }
            }
        }
        return slots.items
    }

    static func decodeOne(_ path: String, _ decoder: JSONDecoder) -> Outcome {
        guard let data = FileManager.default.contents(atPath: path) else { return .failure("cannot read the file") }
        switch ResultContent.read(data, decoder: decoder) {
        case .success(let content): return .success(content)
        case .failure(let error): return .failure(error.message)
        }
    }

    /// A decoding error in one line, with where in the JSON it happened.
    static func describe(_ error: any Error) -> String {
        func at(_ path: [any CodingKey]) -> String {
            let text = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "" : " at \(text.hasPrefix(".") ? String(text.dropFirst()) : text)"
        }
        guard let e = error as? DecodingError else { return "\(error)" }
        switch e {
        case .keyNotFound(let key, let ctx): return "missing key '\(key.stringValue)'\(at(ctx.codingPath))"
        case .typeMismatch(let type, let ctx): return "expected \(type)\(at(ctx.codingPath))"
        case .valueNotFound(let type, let ctx): return "expected \(type), found null\(at(ctx.codingPath))"
        case .dataCorrupted(let ctx):
            let inner = (ctx.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return (inner ?? ctx.debugDescription) + at(ctx.codingPath)
        @unknown default: return "\(error)"
        }
    }

    static func join(_ parts: String...) -> String {
        parts.dropFirst().reduce(parts[0]) { ($0 as NSString).appendingPathComponent($1) }
    }

    static func standardized(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
