import Vocabulary
import Testing
@testable import SweepKit

/// The plan table's cost estimate: the cost model's FLOPs and the measured rates.
struct CostEstimateTests {
    private let small = "version: 1\nname: c\nbase:\n  dtype: float32\n  dmodel: 128\n  n_layers: 8\n  hidden_mult: 4\n  batch_size: 4\n  seq_len: 64\n  steps: 400\n  val_batches: 1\n"

    @Test func fullRunCountsTrainingStepsAndTeacherTargets() throws {
        let p = try plan(small + "schedules: [full_update]\n")
        // f = 4·256·128·512; a full step is 3·8·f + 3 head forwards, the teacher 8·f + 1 head forward.
        let f = 4.0 * 256 * 128 * 512, head = 2.0 * 256 * 128 * 128
        let expected = 400 * (24 * f + 3 * head + 8 * f + head) + (8 * f + head)   // + one validation batch
        #expect(abs(CostEstimate.jobFlops(p.jobs[0]) - expected) < 1)
        let cost = try #require(CostEstimate.of(p))
        #expect(abs(cost.jobSeconds - expected / 45e9) < 1e-9)
    }

    @Test func equalTimeRunsFitMoreCheapStepsIntoTheBaselinesTime() throws {
        let timed = try plan(small + "schedules: [static_suffix]\ngrid:\n  static_active_layers: [2, 7]\n  equal_time_budget: [true]\n  max_steps_multiplier: [3.0, 1.1]\n")
        let flops = timed.jobs.filter { $0.schedule == .staticSuffix }.map(CostEstimate.jobFlops)
        #expect(timed.jobs.contains { $0.schedule == .fullUpdate })   // the equal-time baseline
        #expect(flops.count == 4)
        // K = 2 of 8: a step costs 12f instead of 24f (+ the head), so nearly twice the steps fit (below the ×3 limit);
        // with a ×1.1 limit only 440 steps run. K = 7 costs 22f a step: about 436 steps fit, under both limits.
        // (K = 8 of 8 is refused: the same work as full_update.)
        let f = 4.0 * 256 * 128 * 512, head = 2.0 * 256 * 128 * 128, val = 8 * f + head
        let fit = 400 * (24 * f + 3 * head) / (12 * f + 3 * head)   // just under 800 steps
        #expect(abs(flops[0] - (fit * (12 * f + 3 * head + 8 * f + head) + val)) < 1)
        #expect(abs(flops[1] - (440 * (12 * f + 3 * head + 8 * f + head) + val)) < 1)
        let fit7 = 400 * (24 * f + 3 * head) / (22 * f + 3 * head)
        #expect(fit7 < 440)
        #expect(abs(flops[2] - (fit7 * (22 * f + 3 * head + 8 * f + head) + val)) < 1)
        #expect(flops[3] == flops[2])
    }

    @Test(arguments: [(128, 1, 45e9), (64, 1, 45e9), (256, 1, 75e9), (256, 2, 120e9), (4096, 1, 75e9)])
    func cpuRatesFollowTheMeasurements(dmodel: Int, threads: Int, rate: Double) {
        #expect(abs(CostEstimate.cpuRate(dmodel: dmodel, threads: threads) - rate) < 1e6)
    }

    @Test func widerModelsRunFasterPerFlopBetweenTheMeasuredWidths() {
        let r = (128...256).map { CostEstimate.cpuRate(dmodel: $0, threads: 1) }
        #expect(zip(r, r.dropFirst()).allSatisfy { $0 < $1 })
    }

    /// Every setting the estimate reads is spelled as the benchmark spells it and moves the cost.
    @Test(arguments: [
        ("dmodel", ParameterValue.int(64), Schedule.fullUpdate), ("n_layers", .int(4), .fullUpdate),
        ("hidden_mult", .int(2), .fullUpdate), ("batch_size", .int(2), .fullUpdate), ("seq_len", .int(32), .fullUpdate),
        ("steps", .int(100), .fullUpdate), ("val_batches", .int(9), .fullUpdate),
        ("static_active_layers", .int(2), .staticSuffix), ("dyn_min_active_layers", .int(1), .dynamicSuffix),
        ("dyn_max_active_layers", .int(3), .dynamicSuffix), ("dyn_freeze_start_frac", .double(0.1), .dynamicSuffix),
        ("dyn_final_full_frac", .double(0.2), .dynamicSuffix), ("equal_time_budget", .bool(true), .staticSuffix),
    ])
    func everyCostSettingCounts(name: String, value: ParameterValue, schedule: Schedule) {
        #expect(BenchParameter.named(name) != nil)
        let base = Job(id: "a", schedule: schedule, seed: 1, params: ["n_layers": .int(8), "dmodel": .int(128)])
        var changed = base
        changed.params[name] = value
        #expect(CostEstimate.jobFlops(changed) != CostEstimate.jobFlops(base))
    }

    @Test func commandRunnersHaveNoEstimate() throws {
        let p = try plan("version: 1\nname: c\nrunner: {command: [run, '{x}']}\ngrid:\n  x: [1, 2]\n")
        #expect(CostEstimate.of(p) == nil)
    }
}
