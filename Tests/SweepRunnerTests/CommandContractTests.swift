import BlocksweepTestSupport
import Foundation
import SweepKit
import Testing

@testable import SweepRunner

/// The command runner's contract (docs/sweep-file.md, "What a command leaves"): without
/// `{result}` the exit status decides; with it the file is a benchmark result or flat metrics,
/// anything else one final failure; a diverged run is a result, recorded once.
@Suite(.timeLimit(.minutes(10))) struct CommandContractTests {
    /// A plan whose one job writes `content` verbatim to {result}, with retries to spare.
    static func writing(_ contents: [String], box: Sandbox, retries: Int = 2) -> Plan {
        Plan(
            name: "test",
            jobs: contents.enumerated().map {
                Job(id: "j\($0.offset)", schedule: nil, seed: 1, params: ["content": .string($0.element)])
            },
            runner: .command(["/bin/sh", "-c", "printf '%s' \"$1\" > \"$2\"", "sh", "{content}", "{result}"]),
            execution: ExecutionSettings(threads: 1, retries: retries))
    }

    @Test func withoutResultAJobSucceedsOnExitStatusZero() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let plan = Plan(
            name: "test",
            jobs: [1, 2, 3].map { Job(id: "x\($0)", schedule: nil, seed: 1, params: ["x": .int($0)]) },
            runner: .command(["/bin/sh", "-c", "test \"$1\" -ne 3", "sh", "{x}"]),
            execution: ExecutionSettings(threads: 1, retries: 0))
        #expect(!plan.runner.writesResult)
        let outcome = try box.run(plan)
        #expect(outcome.done == 2 && outcome.failed == 1)
        #expect(box.events("x1") == [.started, .done] && box.events("x2") == [.started, .done])
        #expect(box.journal().last { $0.job == "x3" }?.reason?.hasPrefix("exit status 1") == true)
        #expect(!FileManager.default.fileExists(atPath: box.folder.result("x1")))

        // The report lists them with parameters, seed, state and duration.
        let (report, _) = try ReportWriter.build(paths: [box.folder.path], rules: nil)
        #expect(report.plainRuns.map(\.state) == ["done", "done", "failed"])
        #expect(report.plainRuns.allSatisfy { $0.seconds != nil })
        let md = MarkdownReport.render(report)
        #expect(md.contains("## Runs"))
        #expect(md.contains("| x1 | x=1 | 1 | done | 0s |"), "\(md)")
        #expect(md.contains("| x3 | x=3 | 1 | failed |"))
        #expect(!md.contains("unreadable"))
    }

    @Test(arguments: [
        ("not json at all", "unusable result: not JSON"),
        ("[1, 2]", "unusable result: the JSON is a list"),
        (
            #"{"val_loss": {"mean": 0.4}}"#,
            "unusable result: neither a benchmark result (no 'results') nor flat metrics: 'val_loss' holds an object"
        ),
        (
            #"{"val_loss": "0.4"}"#,
            "unusable result: neither a benchmark result (no 'results') nor flat metrics: 'val_loss' holds text"
        ),
        (#"{}"#, "unusable result: the JSON object is empty"),
        (
            #"{"config": {}, "results": [{"final_val_loss": 0.4}]}"#,
            "unusable result: not a benchmark result: missing key 'schedule' at results[0]"
        ),
        (#"{"config": {}, "results": []}"#, "unusable result: result holds no schedule rows"),
        (
            #"{"config": {}, "results": [{"schedule": "full_update", "mean_step_ms": 2}]}"#,
            "unusable result: not a benchmark result: missing key 'final_val_loss' at results[0]"
        ),
        (
            #"{"config": {}, "results": [{"schedule": "full_update", "final_val_loss": 0.4}]}"#,
            "unusable result: not a benchmark result: missing key 'mean_step_ms' at results[0]"
        )
    ])
    func aBadResultFileIsOneFinalFailure(content: String, reason: String) throws {
        let box = try Sandbox()
        defer { box.remove() }
        let outcome = try box.run(Self.writing([content], box: box))
        #expect(outcome.failed == 1)
        // Not retried: the same command writes the same file.
        #expect(box.events("j0") == [.started, .failed])
        let failure = try #require(box.journal().last)
        #expect(failure.final == true)
        #expect(failure.reason?.hasPrefix(reason) == true, "\(failure.reason ?? "nil")")
    }

    /// An empty file is what a job leaves when the disk fills before it writes: nothing was
    /// written, so it is retried like a missing file, never a final "not JSON".
    @Test func anEmptyResultFileIsRetriedAsNoResult() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let outcome = try box.run(Self.writing([""], box: box, retries: 1))
        #expect(outcome.failed == 1)
        #expect(box.events("j0") == [.started, .failed, .started, .failed])
        let failure = try #require(box.journal().last)
        #expect(
            failure.reason?.hasPrefix("no result: the job exited 0 but its result file is empty") == true,
            "\(failure.reason ?? "nil")")
    }

    @Test func flatMetricsAreAResult() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let outcome = try box.run(
            Self.writing([#"{"val_loss": 0.41, "tokens_per_s": 1.9e5, "diverged_metric": NaN}"#], box: box))
        #expect(outcome.done == 1)
        #expect(FileManager.default.fileExists(atPath: box.folder.result("j0")))
    }

    /// Keys the report does not need may be missing: they take their documented defaults
    /// (settings: the benchmark's; train losses, steps, layers: not recorded).
    @Test func aBenchmarkResultWithOnlyTheNeededKeysIsAccepted() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let minimal =
            #"{"config": {}, "results": [{"schedule": "full_update", "final_val_loss": 0.4, "mean_step_ms": 2}]}"#
        let outcome = try box.run(Self.writing([minimal], box: box))
        #expect(outcome.done == 1, "\(box.journal().last?.reason ?? "")")
    }

    @Test func aNonFiniteTrainLossIsDoneOnce() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let content =
            #"{"config": {}, "results": [{"schedule": "full_update", "final_val_loss": 0.4, "#
            + #""mean_step_ms": 2, "train_loss_end": Infinity}]}"#
        let outcome = try box.run(Self.writing([content], box: box))
        #expect(outcome.done == 1)
        #expect(box.events("j0") == [.started, .done])
    }

    /// A non-finite loss (Python's bare NaN, or null) is a diverged run: done, once.
    @Test(arguments: ["nan", "null"])
    func aDivergedRunIsDoneOnce(mode: String) throws {
        let box = try Sandbox()
        defer { box.remove() }
        let outcome = try box.run(box.plan([(id: "d", mode: mode, dependsOn: [])], retries: 2))
        #expect(outcome.done == 1 && outcome.failed == 0 && outcome.exitCode == 0)
        #expect(box.events("d") == [.started, .done])
        #expect(FileManager.default.fileExists(atPath: box.folder.result("d")))
    }
}
