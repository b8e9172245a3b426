import BlockBench
import Foundation
import Testing
import Vocabulary

@testable import SweepKit

/// The plan table's cost estimate, checked against what it models rather than against its own
/// constants: FLOPs against the engine's real weight shapes, schedule ratios and rates against
/// the step times the reference runs measured, and the builtin rate against README's figure.
@Suite(.timeLimit(.minutes(10)))
struct CostEstimateTests {
    /// FLOPs derived from the engine's own model (BlockBench.ModelWeights, not the estimate's
    /// formula): a forward pass multiplies each of the T rows by every weight matrix once, 2 FLOPs
    /// a multiply-add. The cost model of docs/benchmark.md: backward = 2× forward for each active
    /// block and the head, the teacher's targets one forward pass, validation one per batch.
    struct EngineFlops {
        let forward, block, head: Double

        init(dmodel: Int, hiddenMult: Int, nLayers: Int, rows: Int) {
            // One block is enough: every block has the same W1 and W2 shapes.
            let model = ModelWeights(dmodel: dmodel, hidden: dmodel * hiddenMult, nLayers: 1)
            block = 2 * Double(rows) * Double(model.w1[0].count + model.w2[0].count)
            head = 2 * Double(rows) * Double(model.head.count)
            forward = Double(nLayers) * block + head
        }

        /// One training step with the last `active` blocks trained.
        func step(active: Int) -> Double { forward + 2 * (Double(active) * block + head) }
    }

    /// A job's FLOPs per step and the rest (validation), from two step counts: cost is linear in steps.
    static func perStepAndFixed(_ schedule: Schedule, _ params: [String: ParameterValue]) -> (
        step: Double, fixed: Double
    ) {
        func flops(_ steps: Int) -> Double {
            var p = params
            p["steps"] = .int(steps)
            return CostEstimate.jobFlops(Job(id: "a", schedule: schedule, seed: 1, params: p))
        }
        let one = flops(100)
        let two = flops(200)
        let three = flops(300)
        #expect(abs((three - two) - (two - one)) <= 1e-9 * three, "cost is not linear in steps")
        return ((two - one) / 100, one - (two - one))
    }

    @Test(arguments: [(128, 4, 8, 4, 64, 3), (64, 2, 6, 2, 32, 1), (256, 4, 12, 4, 128, 2), (1024, 4, 18, 8, 1024, 1)])
    func flopsMatchTheEnginesShapes(
        dmodel: Int, hiddenMult: Int, nLayers: Int, batch: Int, seqLen: Int, valBatches: Int
    ) {
        let engine = EngineFlops(dmodel: dmodel, hiddenMult: hiddenMult, nLayers: nLayers, rows: batch * seqLen)
        let params: [String: ParameterValue] = [
            "dmodel": .int(dmodel), "hidden_mult": .int(hiddenMult), "n_layers": .int(nLayers),
            "batch_size": .int(batch), "seq_len": .int(seqLen), "val_batches": .int(valBatches)
        ]
        let full = Self.perStepAndFixed(.fullUpdate, params)
        #expect(abs(full.step / (engine.step(active: nLayers) + engine.forward) - 1) < 1e-12)  // step + teacher
        #expect(abs(full.fixed / (Double(valBatches) * engine.forward) - 1) < 1e-12)
        #expect(abs(engine.step(active: nLayers) / engine.forward - 3) < 1e-12)  // a full step is 3 forward passes
        for k in [1, nLayers / 2, nLayers - 1] {
            var p = params
            p["static_active_layers"] = .int(k)
            let partial = Self.perStepAndFixed(.staticSuffix, p)
            #expect(abs(partial.step / (engine.step(active: k) + engine.forward) - 1) < 1e-12, "K = \(k)")
        }
    }

    /// Each further active block adds the same backward cost, 2f: the K·(b + o) of the cost model.
    @Test func everyActiveBlockAddsTheSameBackwardCost() {
        let params: [String: ParameterValue] = [
            "dmodel": .int(128), "n_layers": .int(8), "batch_size": .int(4), "seq_len": .int(64)
        ]
        let engine = EngineFlops(dmodel: 128, hiddenMult: 4, nLayers: 8, rows: 256)
        let steps = (1...7).map { k in
            var p = params
            p["static_active_layers"] = .int(k)
            return Self.perStepAndFixed(.staticSuffix, p).step
        }
        for (a, b) in zip(steps, steps.dropFirst()) {
            #expect(abs((b - a) / (2 * engine.block) - 1) < 1e-12)
        }
    }

    /// The reference runs of the seed's model (RTX 4090, bf16) measured full_update and
    /// static_suffix step times; the estimate's ratio between them, and its GPU rate, must come
    /// within 10% of what they measured. (The tiny smoke runs are left out: at that size launch
    /// overhead, not FLOPs, sets the time.)
    static func seedModelRuns() throws -> [(config: [String: Any], fullMs: Double, staticMs: Double)] {
        let folder = Paths.referenceResults
        return try Paths.files(in: folder, ext: "json").compactMap { name in
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(name)))
            guard let root = json as? [String: Any], let config = root["config"] as? [String: Any],
                (config["dmodel"] as? Int ?? 0) >= 1024, let results = root["results"] as? [[String: Any]]
            else { return nil }
            func ms(_ schedule: String) -> Double? {
                results.first { $0["schedule"] as? String == schedule }?["mean_step_ms"] as? Double
            }
            guard let full = ms("full_update"), let partial = ms("static_suffix") else { return nil }
            return (config, full, partial)
        }
    }

    static func int(_ config: [String: Any], _ key: String) throws -> Int {
        try #require(config[key] as? Int, "\(key)")
    }

    @Test func scheduleRatiosMatchTheReferenceRunsMeasurements() throws {
        let runs = try Self.seedModelRuns()
        #expect(runs.count >= 4)
        for run in runs {
            let c = run.config
            var params: [String: ParameterValue] = [:]
            for key in ["dmodel", "hidden_mult", "n_layers", "batch_size", "seq_len"] {
                params[key] = .int(try Self.int(c, key))
            }
            let teacher = EngineFlops(
                dmodel: try Self.int(c, "dmodel"), hiddenMult: try Self.int(c, "hidden_mult"),
                nLayers: try Self.int(c, "n_layers"), rows: try Self.int(c, "batch_size") * Self.int(c, "seq_len")
            ).forward
            let full = Self.perStepAndFixed(.fullUpdate, params).step - teacher  // the timed step, without the targets
            params["static_active_layers"] = .int(try Self.int(c, "static_active_layers"))
            let partial = Self.perStepAndFixed(.staticSuffix, params).step - teacher
            let estimated = full / partial
            let measured = run.fullMs / run.staticMs
            #expect(abs(measured / estimated - 1) < 0.10, "estimated \(estimated)×, measured \(measured)×")
        }
    }

    @Test func theTorchRateMatchesTheReferenceRunsMeasurements() throws {
        let runs = try Self.seedModelRuns()
        #expect(runs.count >= 4)
        for run in runs {
            let c = run.config
            let keys = ["dmodel", "hidden_mult", "n_layers", "batch_size", "seq_len"]
            let settings = try keys.map { "  \($0): \(try Self.int(c, $0))\n" }.joined()
            let p = try plan(
                "version: 1\nname: t\nrunner: torch\nschedules: [full_update]\nbase:\n  dtype: bfloat16\n  steps: 200\n"
                    + settings)
            let cost = try #require(CostEstimate.of(p))
            let rate = cost.flops / cost.jobSeconds
            let engine = EngineFlops(
                dmodel: try Self.int(c, "dmodel"), hiddenMult: try Self.int(c, "hidden_mult"),
                nLayers: try Self.int(c, "n_layers"), rows: try Self.int(c, "batch_size") * Self.int(c, "seq_len"))
            let measured = engine.step(active: try Self.int(c, "n_layers")) / (run.fullMs / 1000)
            #expect(abs(rate / measured - 1) < 0.10, "estimate \(rate / 1e12) TFLOP/s, measured \(measured / 1e12)")
        }
    }

    /// README's speed table gives the engine's measured full step at one size and thread count;
    /// the builtin estimate at that size must come within 25% of it (CPUs differ more than GPUs).
    @Test func theBuiltinRateMatchesReadmesEngineFigure() throws {
        let readme = try String(contentsOf: Paths.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let row = try #require(
            readme.split(separator: "\n").first { $0.contains("`tools/bench-engine.sh`") && $0.contains("ms per step") }
        )
        let shape = try #require(row.firstMatch(of: /dmodel (\d+), (\d+) layers, batch (\d+) × (\d+), (\d+) threads/))
        let ms = try #require(row.firstMatch(of: /(\d+) ms per step/).flatMap { Double($0.output.1) })
        let (d, n, batch, seq, threads) = (
            Int(shape.output.1)!, Int(shape.output.2)!, Int(shape.output.3)!,
            Int(shape.output.4)!, Int(shape.output.5)!
        )
        // engine-speed's hidden_mult is the benchmark's default, 4.
        let p = try plan(
            "version: 1\nname: t\nschedules: [full_update]\nbase:\n  dmodel: \(d)\n  n_layers: \(n)\n  hidden_mult: 4\n"
                + "  batch_size: \(batch)\n  seq_len: \(seq)\n  steps: 100\nexecution: {threads: \(threads)}\n")
        let cost = try #require(CostEstimate.of(p))
        let rate = cost.flops / cost.jobSeconds
        let measured =
            EngineFlops(dmodel: d, hiddenMult: 4, nLayers: n, rows: batch * seq).step(active: n) / (ms / 1000)
        #expect(abs(rate / measured - 1) < 0.25, "estimate \(rate / 1e9) GFLOP/s, README's figure \(measured / 1e9)")
    }

    /// Wider matrices keep the cores busier, and a second thread helps but never doubles the rate.
    @Test func cpuRatesRiseWithWidthAndThreads() {
        let widths = [16, 32, 64, 96, 128, 160, 192, 256, 512, 1024, 4096]
        for threads in 1...4 {
            let r = widths.map { CostEstimate.cpuRate(dmodel: $0, threads: threads) }
            #expect(zip(r, r.dropFirst()).allSatisfy { $0 <= $1 }, "threads \(threads)")
        }
        let between = (128...256).map { CostEstimate.cpuRate(dmodel: $0, threads: 1) }
        #expect(zip(between, between.dropFirst()).allSatisfy { $0 < $1 })
        for d in widths {
            let one = CostEstimate.cpuRate(dmodel: d, threads: 1)
            for threads in 2...4 {
                let many = CostEstimate.cpuRate(dmodel: d, threads: threads)
                #expect(many > CostEstimate.cpuRate(dmodel: d, threads: threads - 1) && many < Double(threads) * one)
            }
        }
    }

    /// Doubling the steps doubles the time spent in them; the validation passes stay the same.
    @Test func doublingTheStepsDoublesTheirTime() throws {
        func seconds(_ steps: Int) throws -> Double {
            let p = try plan(
                "version: 1\nname: t\nschedules: [full_update]\nbase:\n  dmodel: 128\n  n_layers: 8\n  steps: \(steps)\n  val_batches: 2\n"
            )
            return try #require(CostEstimate.of(p)).jobSeconds
        }
        let (s1, s2, s4) = (try seconds(100), try seconds(200), try seconds(400))
        #expect(abs((s4 - s2) / (s2 - s1) - 2) < 1e-9)
        let validation = s1 - (s2 - s1)
        #expect(validation > 0 && validation < s1 / 50)
    }

    /// Equal time: a cheaper schedule runs as many steps as fit into the full run's step time,
    /// up to max_steps_multiplier, each with its teacher pass.
    @Test func equalTimeRunsFitMoreCheapStepsIntoTheBaselinesTime() throws {
        let small =
            "version: 1\nname: c\nbase:\n  dtype: float32\n  dmodel: 128\n  n_layers: 8\n  hidden_mult: 4\n  batch_size: 4\n  seq_len: 64\n  steps: 400\n  val_batches: 1\n"
        let timed = try plan(
            small
                + "schedules: [static_suffix]\ngrid:\n  static_active_layers: [2, 7]\n  equal_time_budget: [true]\n  max_steps_multiplier: [3.0, 1.1]\n"
        )
        let flops = timed.jobs.filter { $0.schedule == .staticSuffix }.map(CostEstimate.jobFlops)
        #expect(timed.jobs.contains { $0.schedule == .fullUpdate })  // the equal-time baseline
        #expect(flops.count == 4)
        let engine = EngineFlops(dmodel: 128, hiddenMult: 4, nLayers: 8, rows: 256)
        let budget = 400 * engine.step(active: 8)
        /// The steps a job took: what is left after validation, in steps with their teacher pass.
        func steps(_ f: Double, active k: Int) -> Double {
            (f - engine.forward) / (engine.step(active: k) + engine.forward)
        }
        // K = 2 under a ×3 limit: its steps fill the full run's time (just under 800 steps).
        #expect(abs(steps(flops[0], active: 2) * engine.step(active: 2) / budget - 1) < 1e-12)
        #expect(steps(flops[0], active: 2) > 700 && steps(flops[0], active: 2) < 800)
        // Under a ×1.1 limit it stops at 440.
        #expect(abs(steps(flops[1], active: 2) - 440) < 1e-9)
        // K = 7 fits fewer than 440 steps: the time, not the limit, stops it under both.
        #expect(abs(steps(flops[2], active: 7) * engine.step(active: 7) / budget - 1) < 1e-12)
        #expect(steps(flops[2], active: 7) < 440)
        #expect(flops[3] == flops[2])
    }

    /// Every setting the estimate reads is spelled as the benchmark spells it and moves the cost.
    @Test(arguments: [
        ("dmodel", ParameterValue.int(64), Schedule.fullUpdate), ("n_layers", .int(4), .fullUpdate),
        ("hidden_mult", .int(2), .fullUpdate), ("batch_size", .int(2), .fullUpdate), ("seq_len", .int(32), .fullUpdate),
        ("steps", .int(100), .fullUpdate), ("val_batches", .int(9), .fullUpdate),
        ("static_active_layers", .int(2), .staticSuffix), ("dyn_min_active_layers", .int(1), .dynamicSuffix),
        ("dyn_max_active_layers", .int(3), .dynamicSuffix), ("dyn_freeze_start_frac", .double(0.1), .dynamicSuffix),
        ("dyn_final_full_frac", .double(0.2), .dynamicSuffix), ("equal_time_budget", .bool(true), .staticSuffix)
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
