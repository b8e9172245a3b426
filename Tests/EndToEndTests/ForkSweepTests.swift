import BlocksweepTestSupport
import Foundation
import Testing
import Vocabulary

/// Prefix forking through `blocksweep run` (docs/benchmark.md, "Prefix forking"): each
/// dynamic_suffix job starts from its baseline's snapshot, its result equals the same job run
/// from step 0 (the job's own argv without the fork flags) apart from wall-time fields and the
/// fork record, the snapshots are gone at the end, and the run says what forking saved.
@Suite(.serialized, .timeLimit(.minutes(10))) struct ForkSweepTests {
    /// Job `id`'s argv as its attempt ran it (the stderr log's header), less its program, its
    /// fork flags, and with `--json-out` pointing to a new file in `dir`: the same job from step 0.
    static func unforkedArguments(of id: String, folder: String, writingTo dir: URL) throws -> ([String], String) {
        let log = try String(contentsOfFile: folder + "/jobs/\(id)/stderr.log", encoding: .utf8)
        let header = try #require(log.split(separator: "\n").first { $0.hasPrefix("== blocksweep: attempt") })
        var argv = Array(
            header.components(separatedBy: ": ").dropFirst(2).joined(separator: ": ")
                .split(separator: " ").map(String.init).dropFirst())
        let fork = try #require(argv.firstIndex(of: "--fork-from"))
        argv.removeSubrange(fork..<fork + 4)
        if let at = argv.firstIndex(of: "--fork-dir") { argv.removeSubrange(at..<at + 2) }
        let out = try #require(argv.firstIndex(of: "--json-out"))
        let path = dir.appendingPathComponent("\(id)-plain.json").path
        argv[out + 1] = path
        return (argv, path)
    }

    static let sweep = """
        version: 1
        name: forked
        base:
          dtype: float32
          dmodel: 16
          n_layers: 4
          hidden_mult: 2
          batch_size: 2
          seq_len: 4
          steps: 30
          equal_time_budget: true
          max_steps_multiplier: 2
          static_active_layers: 1
          dyn_min_active_layers: 1
          dyn_warmup_steps: 3
          dyn_refresh_every: 0
          dyn_adapt_budget: true
          dyn_freeze_start_frac: 0.4
          dyn_final_full_frac: 0.1
          warmup_ignore_steps: 1
        grid:
          dyn_probe_every: [3, 5]
          dyn_max_active_layers: [2, 3]
        seeds: [1]
        execution:
          threads: 1
          calibration_cap: 1s
        """

    /// The result with what may differ between a forked and an unforked run taken out.
    static func comparable(_ report: BenchReport) -> BenchReport {
        var r = report
        r.timestampUTC = ""
        for i in r.results.indices {
            r.results[i].elapsedMs = nil
            r.results[i].meanStepMs = nil
            r.results[i].p50StepMs = nil
            r.results[i].p90StepMs = nil
            r.results[i].speedupVsFull = nil
            r.results[i].forkedFrom = nil
        }
        for key in r.traces.keys { r.traces[key]?.stepTimesMs = [] }
        return r
    }

    @Test func forkedJobsEqualTheirUnforkedRunsAndTheSnapshotsGo() throws {
        let root = try BlocksweepBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("forked.yaml")
        try Self.sweep.write(to: file, atomically: true, encoding: .utf8)
        let plan = try BlocksweepBinary.run(["plan", file.path], in: root)
        #expect(plan.stdout.contains("prefix forking: on for 4 of 4 dynamic_suffix jobs"), "\(plan.stdout)")

        let results = root.appendingPathComponent("results").path
        let run = try BlocksweepBinary.run(["run", file.path, "--results", results], in: root)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("compute saved by forking: "), "\(run.stdout)")
        #expect(run.stdout.contains("snapshots peaked at "), "\(run.stdout)")

        let folder = results + "/forked"
        let planData = try Data(contentsOf: URL(fileURLWithPath: folder + "/plan.json"))
        let jobs = try #require(
            (try JSONSerialization.jsonObject(with: planData) as? [String: Any])?["jobs"] as? [[String: Any]])
        let dynamic = jobs.filter { $0["schedule"] as? String == "dynamic_suffix" }
        #expect(dynamic.count == 4)
        let sources = Set(dynamic.compactMap { $0["fork_from"] as? String })
        #expect(sources.contains { $0.hasPrefix("dyn-") }, "siblings chain: \(sources)")
        var fromSibling = 0
        for job in dynamic {
            let id = try #require(job["id"] as? String)
            let source = try #require(job["fork_from"] as? String)
            let forked = try BenchReport.decode(
                from: Data(contentsOf: URL(fileURLWithPath: folder + "/jobs/\(id)/result.json")))
            let origin = try #require(forked.results.first?.forkedFrom, "\(id) did not fork")
            #expect(origin.step > 0)
            // From its sibling, or from the baseline when that shares more.
            #expect(origin.job == source || origin.job.hasPrefix("full-"))
            if origin.job.hasPrefix("dyn-") { fromSibling += 1 }

            // The same job from step 0: its own argv (from the log's header) without the fork flags.
            let (argv, plainPath) = try Self.unforkedArguments(of: id, folder: folder, writingTo: root)
            let plain = try BlocksweepBinary.run(argv, in: root)
            #expect(plain.status == 0, "\(plain.stderr)")
            let unforked = try BenchReport.decode(from: Data(contentsOf: URL(fileURLWithPath: plainPath)))
            #expect(unforked.results.first?.forkedFrom == nil)
            #expect(Self.comparable(forked) == Self.comparable(unforked), "\(id)")
        }

        #expect(fromSibling > 0, "some job forked from its sibling")

        // No snapshot is left once every job that forks from it is done; the record stays.
        let forks = try FileManager.default.subpathsOfDirectory(atPath: folder + "/forks")
        #expect(!forks.contains { $0.hasSuffix(".snapshot") }, "\(forks)")
        #expect(forks.contains { $0.hasSuffix("record.json") })
    }
}
