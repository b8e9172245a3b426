import BlockBench
import Foundation

/// A rough compute cost of a plan from the cost model of BENCHMARK.md: a step with K of N
/// blocks active costs N·f + K·(b + o) plus the head, with b = 2f and o ≈ 0; f is one block's
/// forward matmuls, 2·T·d·h multiply-adds each way (T = batch·seq rows, h = d·hidden_mult).
/// Every step also runs the teacher's forward pass for its targets (N·f plus the head).
/// Time divides FLOPs by a rate measured on real runs; it is a planning figure, not a promise.
public struct CostEstimate: Sendable, Equatable {
    /// Floating-point operations of every job together.
    public var flops: Double
    /// Seconds of job time at the assumed rates (one job after another).
    public var jobSeconds: Double
    /// Where the rates come from, for the table.
    public var rateNote: String

    /// Builtin engine, float32, one thread: measured with `blocksweep bench` (full_update) on
    /// a 2-core x86 machine: about 45 GFLOP/s at dmodel 64–128 and 75 at dmodel 256; small
    /// matrices keep the cores less busy. In between: interpolated on log(dmodel).
    static let cpuSmallFlops = 45e9, cpuLargeFlops = 75e9
    /// A second thread adds about 60% (110–120 GFLOP/s measured at dmodel 256 on 2 threads).
    static let extraThreadGain = 0.6
    /// The reference script on an RTX 4090 in bf16: 7.5 TFLOP per full step of the seed's model
    /// in 72 ms (reference-results/) ≈ 100 TFLOP/s.
    static let gpuFlops = 100e12

    /// FLOP/s of one builtin job at this width and thread count.
    static func cpuRate(dmodel: Int, threads: Int) -> Double {
        let x = min(max(log2(Double(max(dmodel, 1))) - 7, 0), 1)   // 0 at ≤ 128, 1 at ≥ 256
        let perThread = cpuSmallFlops * pow(cpuLargeFlops / cpuSmallFlops, x)
        return perThread * (1 + extraThreadGain * Double(max(threads, 1) - 1))
    }

    /// Nil for a command runner, whose work blocksweep cannot know.
    public static func of(_ plan: Plan) -> CostEstimate? {
        let threads = plan.execution.threads
        let note: String
        switch plan.runner {
        case .command: return nil
        case .builtin:
            note = "rates measured for the builtin engine: ≈ \(Int(cpuRate(dmodel: 128, threads: 1) / 1e9)) GFLOP/s at dmodel 128 on 1 thread, ≈ \(Int(cpuRate(dmodel: 256, threads: 2) / 1e9)) at dmodel 256 on 2; \(threads) thread\(threads == 1 ? "" : "s") per job"
        case .torch:
            note = "≈ \(Int(gpuFlops / 1e12)) TFLOP/s per GPU (the reference script on an RTX 4090 in bf16)"
        }
        var flops = 0.0, seconds = 0.0
        var rate = (dmodel: -1, value: 0.0)
        for job in plan.jobs {
            let inputs = CostInputs(job)
            let f = inputs.flops()
            flops += f
            if plan.runner == .torch {
                seconds += f / gpuFlops
            } else {
                if rate.dmodel != inputs.dmodel { rate = (inputs.dmodel, cpuRate(dmodel: inputs.dmodel, threads: threads)) }
                seconds += f / rate.value
            }
        }
        return CostEstimate(flops: flops, jobSeconds: seconds, rateNote: note)
    }

    /// FLOPs of one job.
    static func jobFlops(_ job: Job) -> Double { CostInputs(job).flops() }
}

/// The settings a job's cost depends on (benchmark defaults where the job leaves them out).
private struct CostInputs {
    var schedule: Schedule?
    var dmodel, nLayers, hiddenMult, batchSize, seqLen, steps, valBatches: Int
    var equalTimeBudget: Bool
    var maxStepsMultiplier: Double
    var staticActiveLayers, dynMinActiveLayers, dynMaxActiveLayers: Int
    var dynFreezeStartFrac, dynFinalFullFrac: Double

    private static let defaults: CostInputs = {
        let c = BenchConfig()
        return CostInputs(
            schedule: nil, dmodel: c.dmodel, nLayers: c.nLayers, hiddenMult: c.hiddenMult, batchSize: c.batchSize,
            seqLen: c.seqLen, steps: c.steps, valBatches: c.valBatches, equalTimeBudget: c.equalTimeBudget,
            maxStepsMultiplier: c.maxStepsMultiplier, staticActiveLayers: c.staticActiveLayers,
            dynMinActiveLayers: c.dynMinActiveLayers, dynMaxActiveLayers: c.dynMaxActiveLayers,
            dynFreezeStartFrac: c.dynFreezeStartFrac, dynFinalFullFrac: c.dynFinalFullFrac)
    }()

    private init(schedule: Schedule?, dmodel: Int, nLayers: Int, hiddenMult: Int, batchSize: Int, seqLen: Int,
                 steps: Int, valBatches: Int, equalTimeBudget: Bool, maxStepsMultiplier: Double,
                 staticActiveLayers: Int, dynMinActiveLayers: Int, dynMaxActiveLayers: Int,
                 dynFreezeStartFrac: Double, dynFinalFullFrac: Double) {
        self.schedule = schedule; self.dmodel = dmodel; self.nLayers = nLayers; self.hiddenMult = hiddenMult
        self.batchSize = batchSize; self.seqLen = seqLen; self.steps = steps; self.valBatches = valBatches
        self.equalTimeBudget = equalTimeBudget; self.maxStepsMultiplier = maxStepsMultiplier
        self.staticActiveLayers = staticActiveLayers; self.dynMinActiveLayers = dynMinActiveLayers
        self.dynMaxActiveLayers = dynMaxActiveLayers; self.dynFreezeStartFrac = dynFreezeStartFrac
        self.dynFinalFullFrac = dynFinalFullFrac
    }

    /// Reads the few settings that matter straight from params: a plan may hold a million jobs,
    /// and a full BenchConfig per job would cost more than the arithmetic.
    init(_ job: Job) {
        self = Self.defaults
        schedule = job.schedule
        for (name, value) in job.params {
            let i: Int? = if case .int(let x) = value { x } else { nil }
            let d: Double? = switch value {
            case .double(let x): x
            case .int(let x): Double(x)
            default: nil
            }
            switch name {
            case "dmodel": dmodel = i ?? dmodel
            case "n_layers": nLayers = i ?? nLayers
            case "hidden_mult": hiddenMult = i ?? hiddenMult
            case "batch_size": batchSize = i ?? batchSize
            case "seq_len": seqLen = i ?? seqLen
            case "steps": steps = i ?? steps
            case "val_batches": valBatches = i ?? valBatches
            case "equal_time_budget": if case .bool(let b) = value { equalTimeBudget = b }
            case "max_steps_multiplier": maxStepsMultiplier = d ?? maxStepsMultiplier
            case "static_active_layers": staticActiveLayers = i ?? staticActiveLayers
            case "dyn_min_active_layers": dynMinActiveLayers = i ?? dynMinActiveLayers
            case "dyn_max_active_layers": dynMaxActiveLayers = i ?? dynMaxActiveLayers
            case "dyn_freeze_start_frac": dynFreezeStartFrac = d ?? dynFreezeStartFrac
            case "dyn_final_full_frac": dynFinalFullFrac = d ?? dynFinalFullFrac
            default: break
            }
        }
    }

    func flops() -> Double {
        let n = Double(nLayers)
        let t = Double(batchSize * seqLen), d = Double(dmodel), h = Double(dmodel * hiddenMult)
        let f = 4 * t * d * h                      // two matmuls, 2 FLOPs per multiply-add
        let headForward = 2 * t * d * d
        let teacher = n * f + headForward          // targets for every step, outside the timed step
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
