import Foundation
import Vocabulary

/// A rough compute cost of a plan from the cost model of docs/benchmark.md: a step with K of N
/// blocks active costs N·f + K·(b + o) plus the head, with b = 2f and o ≈ 0; f is one block's
/// forward matmuls, 2·T·d·h multiply-adds each way (T = batch·seq rows, h = d·hidden_mult).
/// Every step also runs the teacher's forward pass for its targets (N·f plus the head).
/// Time divides FLOPs by a rate measured on real runs; it is a planning figure, not a promise.
package struct CostEstimate: Sendable, Equatable {
    /// Floating-point operations of every job together.
    package var flops: Double
    /// Seconds of job time at the assumed rates (one job after another).
    package var jobSeconds: Double
    /// Where the rates come from, for the table.
    package var rateNote: String

    /// Builtin engine, float32, one thread: measured with `blocksweep bench` (full_update) on
    /// a 2-core x86 machine: about 45 GFLOP/s at dmodel 64–128 and 75 at dmodel 256; small
    /// matrices keep the cores less busy. In between: interpolated on log(dmodel).
    static let cpuSmallFlops = 45e9, cpuLargeFlops = 75e9
    /// A second thread adds about 60% (110–120 GFLOP/s measured at dmodel 256 on 2 threads).
    static let extraThreadGain = 0.6
    /// The reference script on an RTX 4090 in bf16: 7.5 TFLOP per full step of the seed's model
    /// in 72 ms (Tests/Fixtures/reference-results) ≈ 100 TFLOP/s.
    static let gpuFlops = 100e12

    /// FLOP/s of one builtin job at this width and thread count.
    static func cpuRate(dmodel: Int, threads: Int) -> Double {
        let x = min(max(log2(Double(max(dmodel, 1))) - 7, 0), 1)  // 0 at ≤ 128, 1 at ≥ 256
        let perThread = cpuSmallFlops * pow(cpuLargeFlops / cpuSmallFlops, x)
        return perThread * (1 + extraThreadGain * Double(max(threads, 1) - 1))
    }

    /// Nil for a command runner, whose work blocksweep cannot know.
    package static func of(_ plan: Plan) -> CostEstimate? {
        let threads = plan.execution.threads
        let note: String
        switch plan.runner {
        case .command: return nil
        case .builtin:
            note =
                "rates measured for the builtin engine: ≈ \(Int(cpuRate(dmodel: 128, threads: 1) / 1e9)) GFLOP/s at dmodel 128 on 1 thread, ≈ \(Int(cpuRate(dmodel: 256, threads: 2) / 1e9)) at dmodel 256 on 2; \(threads) thread\(threads == 1 ? "" : "s") per job"
        case .torch:
            note = "≈ \(Int(gpuFlops / 1e12)) TFLOP/s per GPU (the reference script on an RTX 4090 in bf16)"
        }
        var flops = 0.0
        var seconds = 0.0
        var rate = (dmodel: -1, value: 0.0)
        let torch = plan.runner == .torch
        for i in plan.jobs.indices {
            let inputs = CostInputs(schedule: plan.jobs[i].schedule, params: plan.jobs[i].params)
            let f = inputs.flops()
            flops += f
            if torch {
                seconds += f / gpuFlops
            } else {
                if rate.dmodel != inputs.dmodel {
                    rate = (inputs.dmodel, cpuRate(dmodel: inputs.dmodel, threads: threads))
                }
                seconds += f / rate.value
            }
        }
        return CostEstimate(flops: flops, jobSeconds: seconds, rateNote: note)
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
        let own: Double
        switch schedule {
        case nil, .fullUpdate?:
            own = full
        case .staticSuffix?:
            own = step(Double(min(max(staticActiveLayers, 1), nLayers)))
        case .dynamicSuffix?:
            // Full steps until freezing may start, then on average halfway between floor and cap.
            let lo = min(max(dynMinActiveLayers, 1), nLayers)
            let hi = dynMaxActiveLayers <= 0 ? nLayers : max(min(dynMaxActiveLayers, nLayers), lo)
            let share = max(1 - min(max(dynFreezeStartFrac, 0), 1) - min(max(dynFinalFullFrac, 0), 1), 0)
            own = (1 - share) * full + share * step(Double(lo + hi) / 2)
        }
        let s = Double(steps)
        guard equalTimeBudget, own < full else { return s * (own + teacher) + valForward }
        // Equal time: as long as the full run's steps, as many cheaper steps as fit (up to the
        // step limit), each with its teacher pass.
        let taken = min(s * full / own, s * max(maxStepsMultiplier, 1))
        return taken * (own + teacher) + valForward
    }
}
