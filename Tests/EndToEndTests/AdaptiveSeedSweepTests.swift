import BlocksweepTestSupport
import Foundation
import SweepRunner
import Testing
import Vocabulary

/// Adaptive seeds through `blocksweep run` (docs/sweep-file.md, "Adaptive seeds"), over
/// sweeps/examples/command-adaptive-seeds.yaml: a command whose val-loss increase is a gap plus
/// controlled, seed-dependent noise, so every verdict is known in advance. A clear reject and a
/// clear keep stop at the 2 initial seeds; the row on the 2% edge takes one seed at a time up to 6.
@Suite(.serialized, .timeLimit(.minutes(10))) struct AdaptiveSeedSweepTests {
    static let script = BlocksweepBinary.packageRoot.appendingPathComponent("sweeps/examples/write-seeded-result.sh")
        .path

    /// The example's sweep, its command run through `wrapper` when given.
    static func sweep(wrapper: String? = nil) throws -> String {
        let example = try String(
            contentsOf: BlocksweepBinary.packageRoot.appendingPathComponent(
                "sweeps/examples/command-adaptive-seeds.yaml"), encoding: .utf8)
        return example.replacingOccurrences(
            of: "[sh, sweeps/examples/write-seeded-result.sh,", with: "[sh, \(wrapper ?? script),")
    }

    static func json(_ path: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Per dynamic_suffix row: gap → (seeds used, seed_stop, verdict).
    static func rows(_ folder: String) throws -> [String: (Int, String, String)] {
        let report = try #require(try json(folder + "/report.json") as? [String: Any])
        let rows = try #require(report["rows"] as? [[String: Any]])
        var out: [String: (Int, String, String)] = [:]
        for row in rows where row["schedule"] as? String == "dynamic_suffix" {
            let gap = try #require((row["params"] as? [String: Any])?["gap"] as? Double)
            out[String(gap)] = (
                row["seeds_used"] as? Int ?? -1, row["seed_stop"] as? String ?? "?", row["verdict"] as? String ?? "?"
            )
        }
        return out
    }

    static func checkVerdicts(_ folder: String) throws {
        let rows = try rows(folder)
        #expect(rows["0.1"]! == (2, "settled", "reject"), "\(rows)")
        #expect(rows["-0.05"]! == (2, "settled", "keep"), "\(rows)")
        #expect(rows["0.015"]! == (6, "max", "inconclusive"), "\(rows)")
        let md = try String(contentsOfFile: folder + "/report.md", encoding: .utf8)
        #expect(md.contains("| 2, settled: reject |") && md.contains("| 6, reached max |"), "\(md)")
        // The Baselines table too (trial D6): static_suffix settles at 2 (a clear reject), and
        // full_update has the seeds of the rows paired with it (the edge row's 6).
        let baselines = try #require(md.components(separatedBy: "## Baselines").last)
        #expect(baselines.contains("| seeds |"), "\(baselines)")
        #expect(baselines.contains("| 6, those of the rows paired with it |"), "\(baselines)")
    }

    /// Each job's `added` and `done` entries: exactly one each (`added` only for seeds past 2).
    static func checkJournal(_ folder: String) throws {
        let plan = try #require(try json(folder + "/plan.json") as? [String: Any])
        let jobs = try #require(plan["jobs"] as? [[String: Any]])
        #expect(jobs.count == 10)
        let entries = Journal.read(path: folder + "/journal.jsonl")
        for job in jobs {
            let id = try #require(job["id"] as? String)
            let seed = try #require(job["seed"] as? Int)
            let mine = entries.filter { $0.job == id }
            let done = mine.filter { $0.event == .done }.count
            let added = mine.filter { $0.event == .added }.count
            #expect(done == 1, "\(id)")
            #expect(added == (seed > 2 ? 1 : 0), "\(id)")
        }
        let added = try #require(try json(folder + "/added-jobs.json") as? [[String: Any]])
        #expect(added.compactMap { $0["seed"] as? Int }.sorted() == [3, 4, 5, 6])
    }

    @Test func onlyTheRowOnTheEdgeGetsMoreSeeds() throws {
        let root = try BlocksweepBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let results = root.appendingPathComponent("results").path
        let run = try BlocksweepBinary.run(
            ["run", "sweeps/examples/command-adaptive-seeds.yaml", "--results", results],
            in: BlocksweepBinary.packageRoot)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("adaptive seeds: 1 job added (seed 3)"), "\(run.stdout)")
        #expect(run.stdout.contains("command-adaptive-seeds: 10 done, 0 failed, 0 skipped of 10 jobs"))
        let folder = results + "/command-adaptive-seeds"
        try Self.checkVerdicts(folder)
        try Self.checkJournal(folder)
        let status = try BlocksweepBinary.run(["status", folder])
        #expect(status.stdout.contains("10/10 done"), "\(status.stdout)")
        // Run again: everything is done and settled, nothing starts and nothing is added.
        let again = try BlocksweepBinary.run(
            ["run", "sweeps/examples/command-adaptive-seeds.yaml", "--results", results],
            in: BlocksweepBinary.packageRoot)
        #expect(again.status == 0 && !again.stdout.contains("started") && !again.stdout.contains("added"))
        try Self.checkJournal(folder)
    }

    /// The runner is killed while seed 4 runs (from inside the job, so the moment is exact); the
    /// same command then finishes the sweep: no job runs or is added twice, same verdicts.
    @Test func aRunKilledMidwayResumesWithoutAddingTwice() throws {
        let root = try BlocksweepBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let marker = root.appendingPathComponent("killed").path
        let wrapper = root.appendingPathComponent("kill-once.sh")
        try """
        #!/bin/sh
        # Kills the runner (this job's parent) the first time seed 4 starts, then writes the result.
        if [ "$4" = 4 ] && [ ! -e "\(marker)" ]; then touch "\(marker)"; kill -9 $PPID; fi
        exec sh "\(Self.script)" "$@"
        """.write(to: wrapper, atomically: true, encoding: .utf8)
        let file = root.appendingPathComponent("adaptive.yaml")
        try Self.sweep(wrapper: wrapper.path).write(to: file, atomically: true, encoding: .utf8)
        let arguments = ["run", file.path, "--results", root.appendingPathComponent("results").path]
        let killed = try BlocksweepBinary.run(arguments, in: root)
        #expect(killed.status != 0)
        #expect(FileManager.default.fileExists(atPath: marker))
        let folder = root.appendingPathComponent("results/command-adaptive-seeds").path
        let early = Journal.read(path: folder + "/journal.jsonl")
        let addedEarly = early.filter { (entry: JournalEntry) in entry.event == .added }.count
        #expect(addedEarly == 2, "killed in the round of seed 4")

        let resumed = try BlocksweepBinary.run(arguments, in: root)
        #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
        try Self.checkVerdicts(folder)
        try Self.checkJournal(folder)
    }

    /// Each round runs its own executor; SIGTERM during the second round (seed 3) must stop the
    /// run with 130 as in the first, not be ignored while the sweep runs on to the end.
    @Test func aSignalInALaterRoundStopsTheRun() throws {
        let root = try BlocksweepBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let marker = root.appendingPathComponent("signalled").path
        let wrapper = root.appendingPathComponent("term-once.sh")
        try """
        #!/bin/sh
        # Sends SIGTERM to the runner (this job's parent) the first time seed 3 starts, and runs
        # until the runner ends it, so the runner always has a job to end.
        if [ "$4" = 3 ] && [ ! -e "\(marker)" ]; then touch "\(marker)"; kill -TERM $PPID; exec sleep 600; fi
        exec sh "\(Self.script)" "$@"
        """.write(to: wrapper, atomically: true, encoding: .utf8)
        let file = root.appendingPathComponent("adaptive.yaml")
        try Self.sweep(wrapper: wrapper.path).write(to: file, atomically: true, encoding: .utf8)
        let arguments = ["run", file.path, "--results", root.appendingPathComponent("results").path]
        let stopped = try BlocksweepBinary.run(arguments, in: root)
        #expect(FileManager.default.fileExists(atPath: marker))
        #expect(stopped.status == 130, "\(stopped.stdout)\(stopped.stderr)")
        let folder = root.appendingPathComponent("results/command-adaptive-seeds").path
        let added = Journal.read(path: folder + "/journal.jsonl").filter { $0.event == .added }.count
        #expect(added == 1, "stopped in the round of seed 3, before seed 4 was added")
        let resumed = try BlocksweepBinary.run(arguments, in: root)
        #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
        try Self.checkVerdicts(folder)
    }

    /// A run stopped between rounds (killed right after round 1's last job is journaled done,
    /// before the round is judged): every planned job is done, yet the sweep is not finished.
    /// status says how many rows await seeds and the command that goes on, which finishes it.
    @Test func statusBetweenRoundsIsNotFinishedAndNamesTheCommandThatGoesOn() throws {
        let root = try BlocksweepBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let results = root.appendingPathComponent("results").path
        let folder = results + "/command-adaptive-seeds"
        let killed = try BlocksweepBinary.run(
            ["run", "sweeps/examples/command-adaptive-seeds.yaml", "--results", results],
            in: BlocksweepBinary.packageRoot, environment: ["BLOCKSWEEP_CRASH_AT": "after-done:6"])
        #expect(killed.reason == .uncaughtSignal, "\(killed.stdout)\(killed.stderr)")
        #expect(Journal.read(path: folder + "/journal.jsonl").filter { $0.event == .added }.isEmpty)

        let status = try BlocksweepBinary.run(["status", folder])
        #expect(status.stdout.contains("6/6 done"), "\(status.stdout)")
        #expect(
            status.stdout.hasPrefix("command-adaptive-seeds: not finished: 1 row awaits more seeds"), "\(status.stdout)"
        )
        #expect(!status.stdout.contains("command-adaptive-seeds: finished"), "\(status.stdout)")
        let goOn = ["run", folder + "/sweep.yaml", "--results", results, "--backend", "local"]
        #expect(status.stdout.contains("Continue with: blocksweep " + goOn.joined(separator: " ")), "\(status.stdout)")

        let resumed = try BlocksweepBinary.run(goOn, in: BlocksweepBinary.packageRoot)
        #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
        try Self.checkVerdicts(folder)
        try Self.checkJournal(folder)
        let finished = try BlocksweepBinary.run(["status", folder])
        #expect(finished.stdout.hasPrefix("command-adaptive-seeds: finished"), "\(finished.stdout)")
    }
}
