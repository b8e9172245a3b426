import Testing
import Vocabulary

@testable import SweepKit

/// `plan`'s time estimate reads the step costs a calibration measured when the results folder
/// holds one, says when it is a guess from typical rates, and prices torch on the CPU at a CPU
/// rate (issue 18, point 6.3: 4× off for a builtin sweep, ≈ 0 s for torch on the CPU).
@Suite(.timeLimit(.minutes(10))) struct CostEstimateBasisTests {
    static func sweep(runner: String = "builtin") -> String {
        header + """
            runner: \(runner)
            base:
              dtype: float32
              dmodel: 64
              n_layers: 4
              hidden_mult: 2
              batch_size: 2
              seq_len: 16
              steps: 50
              equal_time_budget: true
              dyn_min_active_layers: 2
              static_active_layers: 2
            grid:
              dyn_max_active_layers: [2, 3]
            seeds: [1, 2]
            """
    }

    /// FLOPs of the timed full step of the sweep's model, by the cost model (N·f + 2N·f + 3·head).
    static let fullStepFlops: Double = {
        let (t, d, h, n) = (2.0 * 16, 64.0, 128.0, 4.0)
        let f = 4 * t * d * h
        return n * f + 2 * n * f + 3 * 2 * t * d * d
    }()

    @Test func measuredStepCostsPriceEveryJobAndSaySo() throws {
        let p = try plan(Self.sweep())
        let id = try #require(p.calibrations.first?.id)
        // A full step measured at 2 ms: every FLOP costs 2 ms over the full step's FLOPs.
        let measured = [id: MeasuredStepCosts(activeStepMs: [nil, 1.2, 1.6, 2.0])]
        let cost = try #require(CostEstimate.of(p, measured: measured))
        #expect(abs(cost.jobSeconds / (cost.flops * 0.002 / Self.fullStepFlops) - 1) < 1e-9)
        #expect(cost.measuredJobs == p.jobs.count && cost.calibrationsUsed == [id])
        #expect(cost.basisText(calibrationsPlanned: true) == "from calibration \(id): the step costs it measured")

        // Twice as slow a machine, twice the time; the guess is another figure altogether.
        let slower = [id: MeasuredStepCosts(activeStepMs: [nil, 2.4, 3.2, 4.0])]
        let slow = try #require(CostEstimate.of(p, measured: slower))
        #expect(abs(slow.jobSeconds / cost.jobSeconds - 2) < 1e-9)
        let guess = try #require(CostEstimate.of(p))
        #expect(abs(guess.jobSeconds / cost.jobSeconds - 1) > 0.5)
    }

    /// A calibration that measured only some kinds: the widest one measured sets the rate.
    @Test func theWidestMeasuredStepSetsTheRate() throws {
        let p = try plan(Self.sweep())
        let id = try #require(p.calibrations.first?.id)
        let (t, d, h, n) = (2.0 * 16, 64.0, 128.0, 4.0)
        let f = 4 * t * d * h
        let threeActive = n * f + 2 * 3 * f + 3 * 2 * t * d * d
        let cost = try #require(
            CostEstimate.of(p, measured: [id: MeasuredStepCosts(activeStepMs: [nil, nil, 1.5, nil])]))
        #expect(abs(cost.jobSeconds / (cost.flops * 0.0015 / threeActive) - 1) < 1e-9)
        // Nothing usable measured: a guess.
        let none = try #require(
            CostEstimate.of(p, measured: [id: MeasuredStepCosts(activeStepMs: [nil, nil, nil, nil])]))
        #expect(none.measuredJobs == 0 && none.jobSeconds == CostEstimate.of(p)?.jobSeconds)
    }

    @Test func aGuessSaysSoInThePlanTable() throws {
        let s = try spec(Self.sweep())
        let e = try Planner.expand(s)
        let guessed = PlanTable.render(e, spec: s)
        #expect(guessed.contains(" of job time (a guess from typical rates: the builtin engine's ≈ 45 GFLOP/s"))
        #expect(guessed.contains("; no calibration measured yet)\n"), "\(guessed)")
        let id = try #require(e.plan.calibrations.first?.id)
        let measured = PlanTable.render(
            e, spec: s, measured: [id: MeasuredStepCosts(activeStepMs: [nil, 1, 1, 2])])
        #expect(measured.contains(" of job time (from calibration \(id): the step costs it measured)\n"), "\(measured)")
    }

    /// Torch on the CPU takes the engine's CPU rate, slowed as the torch runner is on the same
    /// core, not a GPU's hundred TFLOP/s.
    @Test func torchOnTheCPUTakesACPURate() throws {
        let torch = try plan(Self.sweep(runner: "torch"))
        let builtin = try plan(Self.sweep())
        let onCPU = try #require(CostEstimate.of(torch, torchDevice: .cpu))
        let onGPU = try #require(CostEstimate.of(torch, torchDevice: .gpu))
        let engine = try #require(CostEstimate.of(builtin))
        #expect(abs(onCPU.jobSeconds / (engine.jobSeconds * CostEstimate.torchCPUSlowdown) - 1) < 1e-9)
        #expect(onCPU.jobSeconds > 100 * onGPU.jobSeconds)
        #expect(
            onCPU.basisText(calibrationsPlanned: true).hasPrefix(
                "a guess from typical rates: the torch runner on the CPU"))
        #expect(
            onGPU.basisText(calibrationsPlanned: false)
                == "a guess from typical rates: ≈ 100 TFLOP/s per GPU (the reference script on an RTX 4090 in bf16)")
    }

    /// Some jobs priced from a calibration, the others guessed: both said.
    @Test func aMixedEstimateNamesBoth() {
        var cost = CostEstimate(flops: 1, jobSeconds: 1, rateNote: "typical")
        (cost.calibrationsUsed, cost.measuredJobs, cost.jobs) = (["cal-a"], 3, 5)
        #expect(
            cost.basisText(calibrationsPlanned: true)
                == "3 of 5 jobs from calibration cal-a; the rest a guess from typical rates: typical")
    }
}
