import Foundation
import Testing
import Vocabulary

@testable import SweepKit

/// `--emit-sweep`: the remedies as a sweep file the validator and planner accept.
@Suite(.timeLimit(.minutes(10)))
struct ReportFollowUpTests {
    typealias F = ReportFixture

    @Test func theEarlyRunsFollowUpIsAValidSweep() throws {
        let report = Aggregator.aggregate(try F.reference([F.early]), rules: Rules())
        let yaml = try FollowUpSweep.yaml(for: report)
        let spec = try SweepSpec.parse(yaml, path: "follow-up.yaml")
        #expect(spec.name == "reference-followup")
        #expect(spec.seeds == [42, 43, 44])
        #expect(spec.schedules == [.fullUpdate, .dynamicSuffix])
        let plan = try Planner.plan(spec)
        let dynamic = plan.jobs.filter { $0.schedule == .dynamicSuffix }
        // All four remedies at once, then each alone: 5 points × 3 seeds.
        #expect(dynamic.count == 15)
        let combined = dynamic.filter {
            $0.params["dyn_min_active_layers"] == .int(6) && $0.params["dyn_max_active_layers"] == .int(12)
                && $0.params["dyn_probe_every"] == .int(10) && $0.params["dyn_relevance_threshold"] == .double(0.85)
        }
        #expect(combined.count == 3)
        // The run's own settings carry over.
        #expect(dynamic.allSatisfy { $0.params["dyn_max_active_layers"] != nil })
        #expect(
            yaml.contains(
                "#   #1: dyn_min_active_layers 4 → 6, dyn_max_active_layers 10 → 12, dyn_probe_every 20 → 10, dyn_relevance_threshold 0.7 → 0.85"
            ))
    }

    @Test func aSweepsRunnerAndExecutionCarryOver() throws {
        var input = F.sweep()
        input.runner = .command([
            "python", "bench.py", "--dyn-min-active-layers", "{dyn_min_active_layers}",
            "--seed", "{seed}", "--json-out", "{result}"
        ])
        let report = Aggregator.aggregate(input, rules: Rules(minSpeedup: 1.2, maxValLossIncrease: 0.05))
        let yaml = try FollowUpSweep.yaml(
            for: report, execution: ExecutionSettings(devices: [.cuda(index: 0)], threads: 2, timeoutSeconds: 900))
        let spec = try SweepSpec.parse(yaml, path: "follow-up.yaml")
        #expect(spec.runner == input.runner)
        #expect(spec.execution.devices == [.cuda(index: 0)] && spec.execution.timeoutSeconds == 900)
        #expect(spec.rules == Rules(minSpeedup: 1.2, maxValLossIncrease: 0.05))
        #expect(try Planner.plan(spec).jobs.count > 0)
    }

    /// A builtin sweep's clock, calibration cap and speed basis carry over, so the follow-up's
    /// runs compare with the original ones.
    @Test func theClockCapAndSpeedBasisCarryOver() throws {
        var input = F.sweep()
        input.runner = .builtin
        let report = Aggregator.aggregate(input, rules: Rules(speed: .measured))
        let yaml = try FollowUpSweep.yaml(
            for: report, execution: ExecutionSettings(equalTimeClock: .wall, calibrationCapSeconds: 5))
        let spec = try SweepSpec.parse(yaml, path: "follow-up.yaml")
        #expect(spec.execution.equalTimeClock == .wall && spec.execution.calibrationCapSeconds == 5)
        #expect(spec.rules.speed == .measured)
    }

    /// A torch sweep's interpreter, clock and cap carry over to its follow-up.
    @Test func aTorchSweepsPythonClockAndCapCarryOver() throws {
        var input = F.sweep()
        input.runner = .torch
        let report = Aggregator.aggregate(input, rules: Rules())
        var execution = ExecutionSettings(equalTimeClock: .wall, calibrationCapSeconds: 5)
        execution.python = "/opt/venv torch/bin/python"
        let spec = try SweepSpec.parse(FollowUpSweep.yaml(for: report, execution: execution), path: "f.yaml")
        #expect(spec.runner == .torch && spec.execution.python == "/opt/venv torch/bin/python")
        #expect(spec.execution.equalTimeClock == .wall && spec.execution.calibrationCapSeconds == 5)
    }

    @Test func nothingToFollowUpIsAnError() throws {
        let report = Aggregator.aggregate(try F.reference([F.tuned]), rules: Rules())
        #expect(throws: FollowUpSweep.Failure.self) { try FollowUpSweep.yaml(for: report) }
    }

    @Test(arguments: [
        ("nightly grid", "nightly-grid-followup"), ("run.json", "run-followup"), (".hidden", "hidden-followup"),
        ("<x>", "x--followup")
    ])
    func followUpNames(title: String, name: String) {
        #expect(FollowUpSweep.followUpName(title) == name)
    }
}
