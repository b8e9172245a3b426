import BlocksweepTestSupport
import Foundation
import Testing
import Vocabulary

@Suite(.timeLimit(.minutes(10))) struct BenchCommandTests {
    static let tiny = [
        "--device", "cpu", "--dtype", "float32", "--dmodel", "32", "--n-layers", "4",
        "--hidden-mult", "2", "--batch-size", "2", "--seq-len", "16", "--steps", "12",
        "--static-active-layers", "2", "--dyn-warmup-steps", "2", "--dyn-probe-every", "3",
        "--dyn-min-active-layers", "1", "--threads", "1"
    ]

    @Test func runsAllSchedulesAndWritesTheReferenceLayout() throws {
        let folder = try BlocksweepBinary.temporaryFolder()
        let out = folder.appendingPathComponent("r.json")
        let run = try BlocksweepBinary.run(["bench"] + Self.tiny + ["--json-out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        for name in ["full_update", "static_suffix", "dynamic_suffix", "speedup", "final_val"] {
            #expect(run.stdout.contains(name))
        }
        let report = try BenchReport.decode(from: Data(contentsOf: out))
        #expect(report.results.map(\.schedule) == Schedule.allCases)
        #expect(report.config.resolvedDevice == "cpu")
        #expect(report.system.blasThreads == 1)
        #expect(report.system.blasCore?.isEmpty == false)
        #expect(report.config.dtypeEffective == nil, "float32 was asked for")
        #expect(report.results.allSatisfy { $0.finalValLoss?.isFinite == true })
    }

    @Test func lowPrecisionDtypeIsComputedInFloat32AndSaysSo() throws {
        let folder = try BlocksweepBinary.temporaryFolder()
        let out = folder.appendingPathComponent("r.json")
        let run = try BlocksweepBinary.run(
            ["bench"] + Self.tiny + [
                "--dtype", "bfloat16", "--schedules", "full_update",
                "--json-out", out.path
            ])
        #expect(run.status == 0)
        #expect(run.stderr.components(separatedBy: "computes in float32").count == 2, "said exactly once")
        let report = try BenchReport.decode(from: Data(contentsOf: out))
        #expect(report.config.settings.dtype == "bfloat16")
        #expect(report.config.dtypeEffective == "float32")
    }

    @Test func missingJsonOutFoldersAreCreated() throws {
        let folder = try BlocksweepBinary.temporaryFolder()
        let out = folder.appendingPathComponent("attempts/results/r.json")
        let run = try BlocksweepBinary.run(
            ["bench"] + Self.tiny + ["--schedules", "full_update", "--json-out", out.path])
        #expect(run.status == 0)
        #expect(FileManager.default.fileExists(atPath: out.path))
    }

    @Test func splitRunsUseTheBaselineFile() throws {
        let folder = try BlocksweepBinary.temporaryFolder()
        let full = folder.appendingPathComponent("full.json")
        let dyn = folder.appendingPathComponent("dyn.json")
        let equal = Self.tiny + ["--equal-time-budget"]
        #expect(
            try BlocksweepBinary.run(["bench"] + equal + ["--schedules", "full_update", "--json-out", full.path]).status
                == 0)
        let run = try BlocksweepBinary.run(
            ["bench"] + equal + [
                "--schedules", "dynamic_suffix", "--baseline-json", full.path,
                "--json-out", dyn.path
            ])
        #expect(run.status == 0, "\(run.stderr)")
        let result = try #require(try BenchReport.decode(from: Data(contentsOf: dyn)).results.first)
        #expect(result.schedule == .dynamicSuffix)
        #expect(result.speedupVsFull != nil)

        let mismatch = try BlocksweepBinary.run(
            ["bench"] + equal + [
                "--seed", "7", "--schedules", "static_suffix",
                "--baseline-json", full.path
            ])
        #expect(mismatch.status == 2)
        #expect(
            mismatch.stderr.contains("--baseline-json \(full.path): baseline was run with seed = 42, this run has 7"))
    }

    struct Bad: CustomTestStringConvertible, Sendable {
        let args: [String], message: String
        /// 2 for bad input; 3 for a --json-out that cannot be written (ExitCodes).
        var status: Int32 = 2
        var testDescription: String { message }
    }

    static let bad: [Bad] = [
        Bad(args: ["--dmodel", "0"], message: "error: --dmodel: must be a positive integer, got 0"),
        Bad(
            args: ["--dyn-relevance-threshold", "1.2"],
            message: "error: --dyn-relevance-threshold: must be in (0, 1], got 1.2"),
        Bad(
            args: ["--device", "cuda"],
            message:
                "error: --device cuda: this is the CPU engine; on a GPU run the PyTorch runner, tools/blocksweep_torch.py"
        ),
        Bad(
            args: ["--json-out", "/dev/null/r.json"],
            message: "error: --json-out /dev/null/r.json: cannot create folder /dev/null", status: 3),
        Bad(
            args: ["--json-out", "/proc/version"], message: "error: --json-out /proc/version: cannot write in /proc",
            status: 3),
        Bad(
            args: ["--equal-time-budget", "--schedules", "static_suffix"],
            message:
                "error: --equal-time-budget: static_suffix and dynamic_suffix need the full_update run's elapsed time"),
        Bad(
            args: ["--baseline-json", "/nonexistent.json", "--schedules", "static_suffix"],
            message: "error: --baseline-json /nonexistent.json: cannot read the file"),
        Bad(args: ["--stepz", "3"], message: "error: unknown flag --stepz (did you mean --steps?)")
    ]

    /// Bad input stops before any training: exit 2 (3 for an output that cannot be written),
    /// one message naming the flag, no table.
    @Test(arguments: bad) func badInputFailsBeforeTraining(_ bad: Bad) throws {
        let run = try BlocksweepBinary.run(["bench"] + Self.tiny + bad.args)
        #expect(run.status == bad.status)
        #expect(run.stderr.hasPrefix(bad.message), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(!run.stderr.contains("full_update:"), "no schedule ran")
    }

    @Test func helpListsEveryReferenceFlag() throws {
        let run = try BlocksweepBinary.run(["bench", "--help"])
        #expect(run.status == 0)
        for p in BenchParameter.all { #expect(run.stdout.contains(p.flag), "\(p.flag)") }
    }
}
