import BlocksweepTestSupport
import Foundation
import Testing
import Vocabulary

/// Prefix forking with `runner: torch` on the CPU (docs/benchmark.md, "Prefix forking"): the
/// torch runner's forked runs equal its runs from step 0 over every setting ForkExactnessTests
/// covers (tools/torch_fork_exactness.py), and through `blocksweep run` each dynamic_suffix job
/// forks, equals its own argv rerun without the fork flags, and the snapshots go.
/// Needs torch, as TorchSweepTests: skipped without it on a developer's machine, FAILS in CI.
@Suite(.serialized, .timeLimit(.minutes(10)), .tags(.torch), .leftOutOfTheQuickLoop) struct TorchForkTests {
    static let python = TorchSweepTests.python
    static let enabled = TorchSweepTests.torchImports || TorchSweepTests.inCI

    /// Runs `python ARGS` in `directory`.
    static func python(_ arguments: [String], in directory: URL) throws -> BlocksweepBinary.Outcome {
        try BlocksweepBinary.Running(
            [python] + arguments, in: directory, executable: URL(fileURLWithPath: "/usr/bin/env")
        ).finish()
    }

    @Test(.enabled(if: Self.enabled, "torch is not installed (tools/setup-torch.sh)"))
    func forkedTorchRunsEqualTheirRunsFromStepZeroOverEverySetting() throws {
        try #require(TorchSweepTests.torchImports, "\(Self.python) cannot import torch: run tools/setup-torch.sh")
        let root = try BlocksweepBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let script = BlocksweepBinary.packageRoot.appendingPathComponent("tools/torch_fork_exactness.py").path
        let run = try Self.python([script], in: root)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let settings = [
            "warm-up longer than the freeze start", "stability gate", "adaptive budget", "refresh", "full recovery",
            "staged recovery", "saliency metric", "never freezes", "sibling fork"
        ]
        for setting in settings {
            for clock in ["(steps)", "(equal time, modelled clock)"] {
                #expect(run.stdout.contains("ok \(setting) \(clock)\n"), "\(setting) \(clock): \(run.stdout)")
            }
        }
        for refused in ["without the probes' relevance", "of another torch", "the engine wrote"] {
            #expect(run.stdout.contains("ok a record \(refused) is refused\n"), "\(run.stdout)")
        }
        #expect(run.stdout.contains("ok bfloat16 (steps)\n"), "\(run.stdout)")
        #expect(run.stdout.contains("ok float16 (steps)\n"), "\(run.stdout)")
        #expect(run.stdout.contains("ok bad fork flags are refused as bench refuses them\n"), "\(run.stdout)")
        #expect(!run.stdout.contains("FAIL"), "\(run.stdout)")
    }

    /// ForkSweepTests' sweep, run by the torch runner on one CPU slot.
    static let sweep = ForkSweepTests.sweep
        .replacingOccurrences(of: "name: forked\n", with: "name: torchfork\nrunner: torch\n")
        .replacingOccurrences(of: "execution:\n", with: "execution:\n  devices: [cpu:1]\n")

    @Test(.enabled(if: Self.enabled, "torch is not installed (tools/setup-torch.sh)"))
    func aTorchSweepForksAndItsForkedJobsEqualTheirReruns() throws {
        try #require(TorchSweepTests.torchImports, "\(Self.python) cannot import torch: run tools/setup-torch.sh")
        let root = try BlocksweepBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("torchfork.yaml")
        #expect(Self.sweep.contains("runner: torch\n") && Self.sweep.contains("  devices: [cpu:1]\n"))
        try (Self.sweep + "\n  python: \(Self.python)\n").write(to: file, atomically: true, encoding: .utf8)
        let plan = try BlocksweepBinary.run(["plan", file.path], in: root, environment: ["BLOCKSWEEP_PYTHON": ""])
        #expect(plan.stdout.contains("prefix forking: on for 4 of 4 dynamic_suffix jobs"), "\(plan.stdout)")
        #expect(plan.stdout.contains("torch jobs run with deterministic kernels"), "\(plan.stdout)")

        let results = root.appendingPathComponent("results").path
        let run = try BlocksweepBinary.run(
            ["run", file.path, "--results", results], in: root, environment: ["BLOCKSWEEP_PYTHON": ""])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("compute saved by forking: "), "\(run.stdout)")
        #expect(run.stdout.contains("(4 forked jobs took "), "\(run.stdout)")
        // The executor counted the torch snapshots' sizes from their records.
        let peak = run.stdout.components(separatedBy: "snapshots peaked at ").dropFirst().first
        let mebibytes = try #require(peak?.split(separator: " ").first.flatMap { Double($0) }, "\(run.stdout)")
        #expect(mebibytes > 0, "\(run.stdout)")

        let folder = results + "/torchfork"
        let planData = try Data(contentsOf: URL(fileURLWithPath: folder + "/plan.json"))
        let jobs = try #require(
            (try JSONSerialization.jsonObject(with: planData) as? [String: Any])?["jobs"] as? [[String: Any]])
        let dynamic = jobs.filter { $0["schedule"] as? String == "dynamic_suffix" }
        #expect(dynamic.count == 4)
        for job in dynamic {
            let id = try #require(job["id"] as? String)
            let source = try #require(job["fork_from"] as? String)
            let forked = try BenchReport.decode(
                from: Data(contentsOf: URL(fileURLWithPath: folder + "/jobs/\(id)/result.json")))
            #expect(forked.script == "blocksweep_torch.py")
            let origin = try #require(forked.results.first?.forkedFrom, "\(id) did not fork")
            #expect(origin.step > 0)
            #expect(origin.job == source || origin.job.hasPrefix("full-"))

            // The same job from step 0: its own argv (from the log's header) without the fork
            // flags; --deterministic stays, as every job of a forking torch sweep has it.
            let (argv, plainPath) = try ForkSweepTests.unforkedArguments(of: id, folder: folder, writingTo: root)
            #expect(argv.contains("--deterministic"), "\(argv)")
            let plain = try Self.python(argv, in: root)
            #expect(plain.status == 0, "\(plain.stderr)")
            let unforked = try BenchReport.decode(from: Data(contentsOf: URL(fileURLWithPath: plainPath)))
            #expect(unforked.results.first?.forkedFrom == nil)
            #expect(ForkSweepTests.comparable(forked) == ForkSweepTests.comparable(unforked), "\(id)")
        }

        // The executor read the torch records: no snapshot is left, the records stay.
        let forks = try FileManager.default.subpathsOfDirectory(atPath: folder + "/forks")
        #expect(!forks.contains { $0.hasSuffix(".snapshot") }, "\(forks)")
        #expect(forks.contains { $0.hasSuffix("record.json") })
    }
}
