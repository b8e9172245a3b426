import Foundation
import Vocabulary

/// A rough compute cost of a plan from the cost model of docs/benchmark.md: a step with K of N
/// blocks active costs N·f + K·(b + o) plus the head, with b = 2f and o ≈ 0; f is one block's
/// forward matmuls, 2·T·d·h multiply-adds each way (T = batch·seq rows, h = d·hidden_mult).
/// Every step also runs the teacher's forward pass for its targets (N·f plus the head).
/// Time divides FLOPs by a rate: the one a calibration of the job's model measured on this
/// machine (its full step's cost), where the results folder holds one, else a typical rate
/// measured on real runs (a guess). It is a planning figure, not a promise.
package struct CostEstimate: Sendable, Equatable {
    /// Where a torch runner's jobs would run: its GPU rate is no use for a run on the CPU.
    package enum Device: Sendable, Equatable { case cpu, gpu }

    /// Floating-point operations of every job together.
    package var flops: Double
    /// Seconds of job time at the assumed rates (one job after another).
    package var jobSeconds: Double
    /// Where the typical rates come from, for the table (what the guessed jobs read).
    package var rateNote: String
    /// The calibrations whose measured step costs priced jobs, in plan order.
    package var calibrationsUsed: [String] = []
    /// Jobs priced from a calibration's measured costs; the rest are a guess from `rateNote`.
    package var measuredJobs = 0
    package var jobs = 0

    /// Builtin engine, float32, one thread: measured with `blocksweep bench` (full_update) on
    /// a 2-core x86 machine: about 45 GFLOP/s at dmodel 64–128 and 75 at dmodel 256; small
    /// matrices keep the cores less busy. In between: interpolated on log(dmodel).
    static let cpuSmallFlops = 45e9, cpuLargeFlops = 75e9
    /// A second thread adds about 60% (110–120 GFLOP/s measured at dmodel 256 on 2 threads).
    static let extraThreadGain = 0.6
    /// The torch runner on the CPU: 1.31–1.45× the engine's step time on the same core
    /// (README, `tools/bench-torch-cpu.sh`), so the engine's rate over 1.4.
    static let torchCPUSlowdown = 1.4
    /// The reference script on an RTX 4090 in bf16: 7.5 TFLOP per full step of the seed's model
    /// in 72 ms (Tests/Fixtures/reference-results) ≈ 100 TFLOP/s.
    static let gpuFlops = 100e12

    /// FLOP/s of one builtin job at this width and thread count.
    static func cpuRate(dmodel: Int, threads: Int) -> Double {
        let x = min(max(log2(Double(max(dmodel, 1))) - 7, 0), 1)  // 0 at ≤ 128, 1 at ≥ 256
        let perThread = cpuSmallFlops * pow(cpuLargeFlops / cpuSmallFlops, x)
        return perThread * (1 + extraThreadGain * Double(max(threads, 1) - 1))
    }

    /// Nil for a command runner, whose work blocksweep cannot know. `measured`: the step costs
    /// of the plan's calibrations already measured, by calibration id; a job whose calibration
    /// is among them is priced at its full step's measured cost. `torchDevice`: where torch
    /// jobs would run.
    package static func of(
        _ plan: Plan, measured: [String: MeasuredStepCosts] = [:], torchDevice: Device = .gpu
    ) -> CostEstimate? {
        let threads = plan.execution.threads
        let engineNote =
            "≈ \(Int(cpuRate(dmodel: 128, threads: 1) / 1e9)) GFLOP/s at dmodel 128 on 1 thread, ≈ \(Int(cpuRate(dmodel: 256, threads: 2) / 1e9)) at dmodel 256 on 2; \(threads) thread\(threads == 1 ? "" : "s") per job"
        let note: String
        let torchOnCPU = plan.runner == .torch && torchDevice == .cpu
        switch plan.runner {
        case .command: return nil
        case .builtin:
            note = "the builtin engine's " + engineNote
        case .torch where torchOnCPU:
            note =
                "the torch runner on the CPU, \(NumberText.significant(torchCPUSlowdown, 2))× slower than the builtin engine's "
                + engineNote
        case .torch:
            note = "≈ \(Int(gpuFlops / 1e12)) TFLOP/s per GPU (the reference script on an RTX 4090 in bf16)"
        }
        var flops = 0.0
        var seconds = 0.0
        var rate = (dmodel: -1, value: 0.0)
        let onGPU = plan.runner == .torch && !torchOnCPU
        var measuredRates: [String: Double?] = [:]
        var used: [String] = []
        var measuredJobs = 0
        for i in plan.jobs.indices {
            let inputs = CostInputs(schedule: plan.jobs[i].schedule, params: plan.jobs[i].params)
            let f = inputs.flops()
            flops += f
            if let id = plan.jobs[i].calibration, let costs = measured[id] {
                if measuredRates[id] == nil { measuredRates[id] = costs.secondsPerFlop(inputs) }
                if let secondsPerFlop = measuredRates[id] ?? nil {
                    seconds += f * secondsPerFlop
                    measuredJobs += 1
                    if !used.contains(id) { used.append(id) }
                    continue
                }
            }
            if onGPU {
                seconds += f / gpuFlops
            } else {
                if rate.dmodel != inputs.dmodel {
                    let engine = cpuRate(dmodel: inputs.dmodel, threads: threads)
                    rate = (inputs.dmodel, torchOnCPU ? engine / torchCPUSlowdown : engine)
                }
                seconds += f / rate.value
            }
        }
        return CostEstimate(
            flops: flops, jobSeconds: seconds, rateNote: note, calibrationsUsed: used, measuredJobs: measuredJobs,
            jobs: plan.jobs.count)
    }

    /// Where the time comes from, for `plan`: "from calibration cal-…", or "a guess from
    /// typical rates: …", or both, with the jobs each priced. `calibrationsPlanned`: whether the
    /// sweep measures any (a guess then says none is measured yet).
    package func basisText(calibrationsPlanned: Bool) -> String {
        let calibrations =
            "calibration\(calibrationsUsed.count == 1 ? "" : "s") " + calibrationsUsed.joined(separator: ", ")
        if measuredJobs > 0 && measuredJobs == jobs {
            return "from \(calibrations): the step costs \(calibrationsUsed.count == 1 ? "it" : "they") measured"
        }
        let guess = "a guess from typical rates: " + rateNote
        if measuredJobs > 0 {
            return "\(measuredJobs) of \(jobs.counted("job")) from \(calibrations); the rest \(guess)"
        }
        return guess + (calibrationsPlanned ? "; no calibration measured yet" : "")
    }

    /// FLOPs of one job.
    static func jobFlops(_ job: Job) -> Double { CostInputs(schedule: job.schedule, params: job.params).flops() }

    /// FLOPs a forked dynamic_suffix job takes from its baseline instead of computing: its full
    /// steps before freezing may start (the estimate's assumption; the real fork step is
    /// where the run first freezes a block, at or after that).
    static func forkedPrefixFlops(_ job: Job) -> Double {
        CostInputs(schedule: job.schedule, params: job.params).forkedPrefixFlops()
    }
}

/// The step costs a calibration measured (calibration/<id>.json: `active_step_ms`), which
/// `plan` reads from the results folder when the sweep ran before. (Probe steps are priced as
/// the cost model prices them, from the full step.)
package struct MeasuredStepCosts: Sendable, Equatable {
    /// Milliseconds of a step with k = 1…N blocks active; nil for a kind not measured.
    package var activeStepMs: [Double?]

    package init(activeStepMs: [Double?]) {
        self.activeStepMs = activeStepMs
    }

    /// Seconds per FLOP of the model the calibration measured: its widest measured step's
    /// cost over that step's FLOPs by the cost model; nil when it measured no usable step.
    fileprivate func secondsPerFlop(_ inputs: CostInputs) -> Double? {
        for k in stride(from: min(activeStepMs.count, inputs.nLayers), through: 1, by: -1) {
            guard let ms = activeStepMs[k - 1], ms.isFinite, ms > 0 else { continue }
            return ms / 1000 / inputs.stepFlops(active: k)
        }
        return nil
    }
}

/// The settings a job's cost depends on (benchmark defaults where the job leaves them out).
private struct CostInputs {
    var schedule: Schedule?
    var dmodel, nLayers, hiddenMult, batchSize, seqLen, steps, valBatches: Int
    var equalTimeBudget: Bool
    var maxStepsMultiplier: Double
    var staticActiveLayers, dynMinActiveLayers, dynMaxActiveLayers: Int
    var dynFreezeStartFrac, dynFinalFullFrac: Double
    var dynFreezeStartStep = -1

    private static let defaults: CostInputs = {
        let c = BenchConfig()
        return CostInputs(
            schedule: nil, dmodel: c.dmodel, nLayers: c.nLayers, hiddenMult: c.hiddenMult, batchSize: c.batchSize,
            seqLen: c.seqLen, steps: c.steps, valBatches: c.valBatches, equalTimeBudget: c.equalTimeBudget,
            maxStepsMultiplier: c.maxStepsMultiplier, staticActiveLayers: c.staticActiveLayers,
            dynMinActiveLayers: c.dynMinActiveLayers, dynMaxActiveLayers: c.dynMaxActiveLayers,
            dynFreezeStartFrac: c.dynFreezeStartFrac, dynFinalFullFrac: c.dynFinalFullFrac)
    }()

    private init(
        schedule: Schedule?, dmodel: Int, nLayers: Int, hiddenMult: Int, batchSize: Int, seqLen: Int,
        steps: Int, valBatches: Int, equalTimeBudget: Bool, maxStepsMultiplier: Double,
        staticActiveLayers: Int, dynMinActiveLayers: Int, dynMaxActiveLayers: Int,
        dynFreezeStartFrac: Double, dynFinalFullFrac: Double
    ) {
        self.schedule = schedule
        self.dmodel = dmodel
        self.nLayers = nLayers
        self.hiddenMult = hiddenMult
        self.batchSize = batchSize
        self.seqLen = seqLen
        self.steps = steps
        self.valBatches = valBatches
        self.equalTimeBudget = equalTimeBudget
        self.maxStepsMultiplier = maxStepsMultiplier
        self.staticActiveLayers = staticActiveLayers
        self.dynMinActiveLayers = dynMinActiveLayers
        self.dynMaxActiveLayers = dynMaxActiveLayers
        self.dynFreezeStartFrac = dynFreezeStartFrac
        self.dynFinalFullFrac = dynFinalFullFrac
    }

    /// The settings the cost reads, by name.
    private enum Field {
        case dmodel, nLayers, hiddenMult, batchSize, seqLen, steps, valBatches, equalTimeBudget
        case maxStepsMultiplier, staticActiveLayers, dynMinActiveLayers, dynMaxActiveLayers
        case dynFreezeStartFrac, dynFinalFullFrac, dynFreezeStartStep
    }

    private static let fields: [(name: String, field: Field)] = [
        ("dmodel", .dmodel), ("n_layers", .nLayers), ("hidden_mult", .hiddenMult), ("batch_size", .batchSize),
        ("seq_len", .seqLen), ("steps", .steps), ("val_batches", .valBatches), ("equal_time_budget", .equalTimeBudget),
        ("max_steps_multiplier", .maxStepsMultiplier), ("static_active_layers", .staticActiveLayers),
        ("dyn_min_active_layers", .dynMinActiveLayers), ("dyn_max_active_layers", .dynMaxActiveLayers),
        ("dyn_freeze_start_frac", .dynFreezeStartFrac), ("dyn_final_full_frac", .dynFinalFullFrac),
        ("dyn_freeze_start_step", .dynFreezeStartStep)
    ]

    /// `fields` by the UTF-8 length of the name: a param's length picks the few names it can be.
    private static let fieldsByLength: [[(name: String, field: Field)]] = {
        var table = Array(repeating: [(name: String, field: Field)](), count: 32)
        for f in fields { table[f.name.utf8.count].append(f) }
        return table
    }()

    /// Reads the few settings that matter straight from params: a plan may hold a million jobs,
    /// and a full BenchConfig per job would cost more than the arithmetic. Names are found by
    /// length first, which rules out nearly every candidate without reading a byte: comparing
    /// each name in full (a `switch`) or hashing it took a third of `blocksweep plan`'s time
    /// on a million jobs.
    init(schedule: Schedule?, params: [String: ParameterValue]) {
        self = Self.defaults
        self.schedule = schedule
        for (name, value) in params {
            let length = name.utf8.count
            guard length < Self.fieldsByLength.count,
                let field = Self.fieldsByLength[length].first(where: { $0.name == name })?.field
            else { continue }
            let i: Int? = if case .int(let x) = value { x } else { nil }
            let d: Double? =
                switch value {
                case .double(let x): x
                case .int(let x): Double(x)
                default: nil
                }
            switch field {
            case .dmodel: dmodel = i ?? dmodel
            case .nLayers: nLayers = i ?? nLayers
            case .hiddenMult: hiddenMult = i ?? hiddenMult
            case .batchSize: batchSize = i ?? batchSize
            case .seqLen: seqLen = i ?? seqLen
            case .steps: steps = i ?? steps
            case .valBatches: valBatches = i ?? valBatches
            case .equalTimeBudget: if case .bool(let b) = value { equalTimeBudget = b }
            case .maxStepsMultiplier: maxStepsMultiplier = d ?? maxStepsMultiplier
            case .staticActiveLayers: staticActiveLayers = i ?? staticActiveLayers
            case .dynMinActiveLayers: dynMinActiveLayers = i ?? dynMinActiveLayers
            case .dynMaxActiveLayers: dynMaxActiveLayers = i ?? dynMaxActiveLayers
            case .dynFreezeStartFrac: dynFreezeStartFrac = d ?? dynFreezeStartFrac
            case .dynFinalFullFrac: dynFinalFullFrac = d ?? dynFinalFullFrac
            case .dynFreezeStartStep: dynFreezeStartStep = i ?? dynFreezeStartStep
            }
        }
    }

    /// The full steps (and their teacher passes) before freezing may start: the step given, or
    /// the fraction of the full run's steps (of its time, at equal time, which is as many steps).
    func forkedPrefixFlops() -> Double {
        let n = Double(nLayers)
        let f = 4 * Double(batchSize * seqLen) * Double(dmodel) * Double(dmodel * hiddenMult)
        let headForward = 2 * Double(batchSize * seqLen) * Double(dmodel) * Double(dmodel)
        let full = n * f + 2 * n * f + 3 * headForward
        let teacher = n * f + headForward
        let s = Double(steps)
        let prefix =
            (!equalTimeBudget && dynFreezeStartStep >= 0)
            ? min(Double(dynFreezeStartStep), s) : min(max(dynFreezeStartFrac, 0), 1) * s
        return prefix * (full + teacher)
    }

    /// The timed step with k blocks active (what a calibration measures: no teacher pass).
    func stepFlops(active k: Int) -> Double {
        let t = Double(batchSize * seqLen)
        let d = Double(dmodel)
        let f = 4 * t * d * Double(dmodel * hiddenMult)
        return Double(nLayers) * f + 2 * Double(k) * f + 3 * 2 * t * d * d
    }

    /// The settings a schedule reads to shape its steps, as the benchmark holds them.
    private var config: BenchConfig {
        var c = BenchConfig()
        c.nLayers = nLayers
        c.staticActiveLayers = staticActiveLayers
        c.dynMinActiveLayers = dynMinActiveLayers
        c.dynMaxActiveLayers = dynMaxActiveLayers
        c.dynFreezeStartFrac = dynFreezeStartFrac
        c.dynFinalFullFrac = dynFinalFullFrac
        return c
    }

    func flops() -> Double {
        let n = Double(nLayers)
        let t = Double(batchSize * seqLen)
        let d = Double(dmodel)
        let h = Double(dmodel * hiddenMult)
        let f = 4 * t * d * h  // two matmuls, 2 FLOPs per multiply-add
        let headForward = 2 * t * d * d
        let teacher = n * f + headForward  // targets for every step, outside the timed step
        let valForward = Double(valBatches) * (n * f + headForward)
        func step(_ k: Double) -> Double { n * f + 2 * k * f + 3 * headForward }
        let full = step(n)
        // The schedule's own view of its steps: a share at `activeLayers` on average, the rest full.
        let own: Double
        if let schedule, !schedule.isBaseline {
            let shape = schedule.kind.expectedShape(config)
            own = (1 - shape.suffixShare) * full + shape.suffixShare * step(shape.activeLayers)
        } else {
            own = full
        }
        let s = Double(steps)
        guard equalTimeBudget, own < full else { return s * (own + teacher) + valForward }
        // Equal time: as long as the full run's steps, as many cheaper steps as fit (up to the
        // step limit), each with its teacher pass.
        let taken = min(s * full / own, s * max(maxStepsMultiplier, 1))
        return taken * (own + teacher) + valForward
    }
}
